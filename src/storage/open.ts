import type { Config } from '../config.ts';
import { LocalStorage } from './local.ts';
import { s3Client, S3Storage } from './s3.ts';
import type { Storage } from './storage.ts';

/** The storage the configuration names; the local one keeps everything under the data dir. */
export function openStorage(config: Config): Storage {
  if (config.storage === 'local') return new LocalStorage(config.dataDir);
  return openS3Storage(config);
}

export function openS3Storage(config: Config): S3Storage {
  if (!config.s3Bucket) throw new Error('CLIPFORGE_S3_BUCKET is required when CLIPFORGE_STORAGE=s3');
  const settings = {
    bucket: config.s3Bucket,
    endpoint: config.s3Endpoint,
    region: config.s3Region,
    forcePathStyle: config.s3ForcePathStyle,
    prefix: config.s3Prefix,
    presign: config.s3Presign,
  };
  return new S3Storage(s3Client(settings), settings);
}
