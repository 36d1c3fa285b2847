import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notCheckpoints, startLocalS3, type LocalS3 } from './helpers/s3.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startService, type Service } from './helpers/service.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// CLIPFORGE_STORAGE=s3 against a local S3-protocol server, checked through the S3 API itself: a job's files are
// objects in the bucket (and not on the data dir), presigned downloads are the same bytes and honour Range,
// proxied downloads too, and a delete leaves no object of the request.

const PREFIX = 'cf-e2e';
let s3: LocalS3;
let dir: string;
let service: Service;
let key: string;
let requestId: string;
let upload: { uploadId: string; fileUrl: string };

const env = (presign: boolean) => ({
  ...s3.env(PREFIX),
  CLIPFORGE_S3_PRESIGN: String(presign),
  CLIPFORGE_DATA_DIR: path.join(dir, 'data'),
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_RATE_LIMIT_SCALE: '1000',
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const objectBytes = async (objectKey: string) => {
  const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: objectKey }));
  return Buffer.from(await object.Body!.transformToByteArray());
};

interface ShortBody {
  video_url: string;
  thumbnail_url: string;
  captions: { srt_url: string; vtt_url: string };
  sha256: string;
  bytes: number;
}

/** The API with this test's key, whichever serve process is running. */
const api = (method: string, route: string, body?: unknown) => service.api(method, route, { key, body });

async function terminal(id: string) {
  const deadline = Date.now() + JOB_DEADLINE_MS;
  while (Date.now() < deadline) {
    const { body } = await api('GET', `/shorts/${id}/status`);
    if (['completed', 'failed', 'cancelled'].includes(body.data.status)) return body.data;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`request ${id} did not finish\n${service.server.output().slice(-3000)}`);
}

async function shortsOf(id: string): Promise<ShortBody[]> {
  const { status, body } = await api('GET', `/shorts/${id}`);
  expect(status).toBe(200);
  return body.data.shorts;
}

beforeAll(async () => {
  s3 = await startLocalS3();
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-s3-e2e-'));
  service = await startService(['serve', '--port', '0'], env(true));
  key = (await service.newAccount('s3@example.com', ['--credits', '5'])).key;
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  const response = await fetch(`${service.server.url}/api/v1/uploads`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'video/mp4', 'x-filename': 'talk.mp4' },
    body: await readFile(sample.videoPath),
  });
  expect(response.status).toBe(201);
  upload = ((await response.json()) as { data: typeof upload }).data;
});

afterAll(async () => {
  await service?.stop();
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('S3 storage', () => {
  it('keeps an upload in the bucket, not on the data dir', async () => {
    const uploads = await s3.keys(`${PREFIX}/uploads/`);
    expect(uploads.filter((objectKey) => objectKey.endsWith(`/${upload.uploadId}`))).toHaveLength(1);
    const local = await readdir(path.join(dir, 'data', 'uploads'), { recursive: true }).catch(() => []);
    expect(local.filter((file) => file.includes(upload.uploadId))).toEqual([]);
  });

  it('puts every rendered file of a job in the bucket', async () => {
    const created = await api('POST', '/shorts/create', {
      fileUrl: upload.fileUrl,
      start: 0,
      end: 30,
      preferredLength: 'under30sec',
    });
    expect(created.status, created.text).toBe(201);
    requestId = created.body.data.requestId;
    expect((await terminal(requestId)).status).toBe('completed');
    const objects = await s3.keys(`${PREFIX}/files/${requestId}/`);
    const shorts = await shortsOf(requestId);
    expect(shorts.length).toBeGreaterThanOrEqual(1);
    for (const short of shorts) {
      for (const url of [
        short.video_url,
        short.thumbnail_url,
        short.captions.srt_url,
        short.captions.vtt_url,
      ]) {
        const name = decodeURIComponent(new URL(url).pathname.split('/').at(-1)!);
        expect(objects).toContain(`${PREFIX}/files/${requestId}/${name}`);
      }
    }
    const video = objects.find((objectKey) => objectKey.endsWith('.mp4'))!;
    expect(sha256(await objectBytes(video))).toBe(
      shorts.find((short) => short.video_url.includes(path.basename(video)))?.sha256,
    );
    // the data dir is scratch only: nothing of the finished job is left on it; of its work, the bucket keeps
    // only the analysis (checkpoints) a re-render of its shorts starts from
    const local = await readdir(path.join(dir, 'data', 'files', requestId)).catch(() => []);
    expect(local).toEqual([]);
    expect(notCheckpoints(await s3.keys(`${PREFIX}/work/${requestId}/`))).toEqual([]);
  });

  it('hands out presigned URLs that download the same bytes and honour Range', async () => {
    const [short] = await shortsOf(requestId);
    const url = new URL(short.video_url);
    expect(url.origin).toBe(s3.endpoint);
    expect(url.searchParams.get('X-Amz-Expires')).toBe(String(7 * 24 * 3600));
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(whole.length).toBe(short.bytes);
    expect(sha256(whole)).toBe(short.sha256);
    const part = await fetch(url, { headers: { range: 'bytes=100-1123' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1123/${short.bytes}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(100, 1124))).toBe(true);
  });

  it('proxies downloads through signed ClipForge URLs when presigning is off, Range and ETag included', async () => {
    await service.stop();
    service = await startService(['serve', '--port', '0'], env(false));
    const [short] = await shortsOf(requestId);
    expect(short.video_url.startsWith(`${service.server.url}/api/v1/files/${requestId}/`)).toBe(true);
    const response = await fetch(short.video_url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(Number(response.headers.get('content-length'))).toBe(short.bytes);
    const whole = Buffer.from(await response.arrayBuffer());
    expect(sha256(whole)).toBe(short.sha256);
    const part = await fetch(short.video_url, { headers: { range: 'bytes=-500' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(
      `bytes ${short.bytes - 500}-${short.bytes - 1}/${short.bytes}`,
    );
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(short.bytes - 500))).toBe(true);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(short.video_url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const beyond = await fetch(short.video_url, { headers: { range: `bytes=${short.bytes}-` } });
    expect(beyond.status).toBe(416);
    const vtt = await fetch(short.captions.vtt_url);
    expect(vtt.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await vtt.text()).toMatch(/^WEBVTT/);
  });

  it('leaves no object of a request after DELETE, its upload included', async () => {
    expect((await s3.keys(`${PREFIX}/files/${requestId}/`)).length).toBeGreaterThan(0);
    const deleted = await api('DELETE', `/shorts/${requestId}`);
    expect(deleted.status).toBe(200);
    expect(await s3.keys(`${PREFIX}/files/${requestId}/`)).toEqual([]);
    expect(await s3.keys(`${PREFIX}/work/${requestId}/`)).toEqual([]);
    expect((await s3.keys(`${PREFIX}/uploads/`)).filter((k) => k.endsWith(upload.uploadId))).toEqual([]);
  });
});
