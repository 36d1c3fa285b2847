import type { Config } from '../config.ts';
import { LocalStorage } from './local.ts';
import type { Storage } from './storage.ts';

/**
 * The storage the configuration names; the local one keeps everything under the data dir. The AWS SDK (about a
 * second to load) is loaded only for S3, so local installs, admin commands and job processes start without it.
 */
export async function openStorage(config: Config): Promise<Storage> {
  if (config.storage === 'local') return new LocalStorage(config.dataDir);
  const { openS3Storage } = await import('./s3.ts');
  return openS3Storage(config);
}
