import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

// A local S3-protocol server (s3rver) on loopback with one bucket, and a client of it.

/** s3rver's built-in credentials */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** the ClipForge settings (and AWS credentials) that store into this bucket under `prefix` */
  env(prefix?: string): Record<string, string>;
  /** every key in the bucket that starts with `prefix` */
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startLocalS3(bucket = 'clipforge-test'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'cf-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    client,
    env: (prefix = '') => ({
      CLIPFORGE_STORAGE: 's3',
      CLIPFORGE_S3_BUCKET: bucket,
      CLIPFORGE_S3_ENDPOINT: endpoint,
      CLIPFORGE_S3_FORCE_PATH_STYLE: 'true',
      CLIPFORGE_S3_PREFIX: prefix,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    }),
    keys: async (prefix) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const listed = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        keys.push(...(listed.Contents ?? []).map((object) => object.Key ?? ''));
        token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The keys of a request's work area that are not its kept analysis (stage checkpoints, kept for re-renders). */
export const notCheckpoints = (keys: string[]) => keys.filter((key) => !/\/stage-[\w.-]+\.json$/.test(key));
