import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config.ts';
import {
  checkedKey,
  contentTypeOf,
  type ByteRange,
  type ObjectInfo,
  type ObjectStream,
  type Storage,
} from './storage.ts';

// Storage in an S3-compatible bucket (AWS S3, MinIO, R2, …). Large files go up in parts; downloads are presigned
// URLs the store itself serves (with Range), unless the bucket is private to the network and ClipForge proxies.

export interface S3Settings {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** "" or a prefix ending in "/" */
  prefix: string;
  presign: boolean;
}

/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** How long a URL handed to ffmpeg/ffprobe stays valid. */
const TOOL_URL_SECONDS = 6 * 3600;
const DELETE_BATCH = 1000;

const isNotFound = (error: unknown) => {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    failure.name === 'NotFound' || failure.name === 'NoSuchKey' || failure.$metadata?.httpStatusCode === 404
  );
};

export function s3Client(settings: Pick<S3Settings, 'endpoint' | 'region' | 'forcePathStyle'>): S3Client {
  // credentials come from the SDK's default chain (environment, shared files, instance roles)
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
  });
}

export class S3Storage implements Storage {
  readonly kind = 's3';
  readonly shared = true;

  constructor(
    private readonly client: S3Client,
    private readonly settings: S3Settings,
  ) {}

  private objectKey(key: string): string {
    return `${this.settings.prefix}${checkedKey(key)}`;
  }

  /** Whether the bucket answers with these credentials (HeadBucket). */
  async reachable(signal?: AbortSignal): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }), { abortSignal: signal });
  }

  async putFile(key: string, file: string): Promise<void> {
    await new Upload({
      client: this.client,
      params: {
        Bucket: this.settings.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(file),
        ContentType: contentTypeOf(key),
      },
    }).done();
    await rm(file, { force: true });
  }

  async putBytes(key: string, bytes: Buffer | string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: this.objectKey(key),
        Body: bytes,
        ContentType: contentTypeOf(key),
      }),
    );
  }

  async stat(key: string): Promise<ObjectInfo | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }),
      );
      return { size: Number(head.ContentLength ?? 0), etag: head.ETag ?? '""' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<ObjectStream | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      const total = /\/(\d+)$/.exec(object.ContentRange ?? '')?.[1];
      return {
        size: Number(total ?? object.ContentLength ?? 0),
        etag: object.ETag ?? '""',
        body: object.Body as Readable,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Every object under `prefix`, with its key in the bucket. */
  private async *objects(prefix: string) {
    let token: string | undefined;
    do {
      const listed = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.settings.bucket,
          Prefix: this.objectKey(prefix),
          ContinuationToken: token,
        }),
      );
      for (const object of listed.Contents ?? [])
        if (object.Key) yield { Key: object.Key, size: Number(object.Size ?? 0) };
      token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
    } while (token);
  }

  async list(prefix: string): Promise<{ key: string; size: number }[]> {
    const found: { key: string; size: number }[] = [];
    for await (const { Key, size } of this.objects(prefix))
      found.push({ key: Key.slice(this.settings.prefix.length), size });
    return found;
  }

  async deletePrefix(prefix: string): Promise<void> {
    let batch: { Key: string }[] = [];
    const remove = async () => {
      if (batch.length === 0) return;
      const Objects = batch;
      batch = [];
      await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects, Quiet: true } }),
      );
    };
    for await (const { Key } of this.objects(prefix)) {
      batch.push({ Key });
      if (batch.length === DELETE_BATCH) await remove();
    }
    await remove();
  }

  private presigned(key: string, seconds: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }),
      { expiresIn: Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.floor(seconds))) },
    );
  }

  async downloadUrl(key: string, expiresAt: Date): Promise<string | undefined> {
    if (!this.settings.presign) return undefined;
    return this.presigned(key, (expiresAt.getTime() - Date.now()) / 1000);
  }

  readableLocation(key: string): Promise<string> {
    return this.presigned(key, TOOL_URL_SECONDS);
  }

  async localFile(key: string, scratchFile: string): Promise<string> {
    const object = await this.read(key);
    if (!object) throw new Error(`No object "${key}" in the bucket`);
    const here = await stat(scratchFile).catch(() => undefined);
    if (here?.size === object.size) {
      object.body.destroy();
      return scratchFile;
    }
    await mkdir(path.dirname(scratchFile), { recursive: true });
    const partial = `${scratchFile}.partial`;
    await pipeline(object.body, createWriteStream(partial));
    await rename(partial, scratchFile);
    return scratchFile;
  }
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
