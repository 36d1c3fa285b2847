import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('storage settings', () => {
  it('default to the local data dir, keeping files forever', () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({ storage: 'local', retentionDays: 0, s3Presign: true, s3Prefix: '' });
  });

  it('read the S3 bucket, endpoint, region, addressing, prefix and presigning from the environment', () => {
    const config = loadConfig(
      {},
      {
        CLIPFORGE_STORAGE: 's3',
        CLIPFORGE_S3_BUCKET: 'clips',
        CLIPFORGE_S3_ENDPOINT: 'http://127.0.0.1:9000',
        CLIPFORGE_S3_FORCE_PATH_STYLE: 'true',
        CLIPFORGE_S3_PREFIX: '/tenant-a/',
        CLIPFORGE_S3_PRESIGN: 'false',
        CLIPFORGE_RETENTION_DAYS: '30',
      },
    );
    expect(config).toMatchObject({
      storage: 's3',
      s3Bucket: 'clips',
      s3Endpoint: 'http://127.0.0.1:9000',
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
      s3Prefix: 'tenant-a/',
      s3Presign: false,
      retentionDays: 30,
    });
  });

  it('refuse S3 storage without a bucket, and a flag that is neither true nor false, by their names', () => {
    expect(() => loadConfig({}, { CLIPFORGE_STORAGE: 's3' })).toThrow(
      'Invalid setting CLIPFORGE_S3_BUCKET: is required when CLIPFORGE_STORAGE=s3',
    );
    expect(() => loadConfig({}, { CLIPFORGE_S3_PRESIGN: 'maybe' })).toThrow(/CLIPFORGE_S3_PRESIGN/);
    expect(() => loadConfig({}, { CLIPFORGE_STORAGE: 'ftp' })).toThrow(/CLIPFORGE_STORAGE/);
  });
});

describe('background niceness', () => {
  it('defaults to 10 and takes 0–19 from CLIPFORGE_BACKGROUND_NICENESS, refusing others by name', () => {
    expect(loadConfig({}, {}).backgroundNiceness).toBe(10);
    expect(loadConfig({}, { CLIPFORGE_BACKGROUND_NICENESS: '19' }).backgroundNiceness).toBe(19);
    expect(loadConfig({}, { CLIPFORGE_BACKGROUND_NICENESS: '0' }).backgroundNiceness).toBe(0);
    for (const value of ['20', '-1', 'low'])
      expect(() => loadConfig({}, { CLIPFORGE_BACKGROUND_NICENESS: value })).toThrow(
        /CLIPFORGE_BACKGROUND_NICENESS/,
      );
  });
});
