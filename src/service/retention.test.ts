import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../test/helpers/s3.ts';
import { ADMIN_URL, createScratchDatabase, type ScratchDatabase } from '../../test/helpers/postgres.ts';
import { newObjectId } from '../auth/keys.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../http/app.ts';
import { LocalStorage } from '../storage/local.ts';
import { requestFilesPrefix } from '../storage/storage.ts';
import type { StoredShort } from '../store/requests.ts';
import { openServiceContext, type ServiceContext } from './context.ts';
import { parseClipOptions } from './create-options.ts';
import { SWEEP_LOCK } from '../store/retention.ts';
import { sweepExpiredFiles } from './retention.ts';

// The retention sweep against a clock the test sets: before N days nothing goes; after, the rendered files are
// gone (from the data dir, or from the bucket) and the request still answers, its shorts without file URLs.

const DAY_MS = 24 * 3600_000;
const DAYS = 30;
const FILES = ['short-1-abc.mp4', 'short-1-abc.jpg', 'short-1-abc.srt', 'short-1-abc.vtt'];

let dir: string;
let s3: LocalS3;
let database: ScratchDatabase | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-retention-'));
  s3 = await startLocalS3();
  database = await createScratchDatabase('clipforge_retention').catch(() => undefined);
});

afterAll(async () => {
  await s3?.close();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function short(): StoredShort {
  const [video, thumbnail, srt, vtt] = FILES;
  return {
    id: 'a'.repeat(24),
    rank: 0,
    title: 'A short',
    description: 'About it #short',
    reason: 'It holds together',
    viralScore: 80,
    start: 1,
    end: 21,
    duration: 20,
    width: 1080,
    height: 1920,
    sentenceIndexes: [0],
    video,
    thumbnail,
    srt,
    vtt,
    sha256: '0'.repeat(64),
    bytes: 5,
  };
}

/** A completed request whose four files are in the context's storage; returns its id and an API key. */
async function completedRequest(ctx: ServiceContext) {
  const account = await ctx.accounts.create({ email: `r${Date.now()}@example.com`, credits: 1 });
  const { key } = (await ctx.accounts.createKey(account.email))!;
  const id = newObjectId();
  await ctx.requests.create({
    id,
    accountId: account.id,
    isDemo: false,
    source: 'https://example.com/talk.mp4',
    sourceKind: 'http',
    url: 'https://example.com/talk.mp4',
    start: 0,
    end: 30,
    options: parseClipOptions({}),
    timeAdjustment: null,
    webhookUrl: null,
    creditsUsed: 1,
  });
  await ctx.requests.claim('test-worker', 60);
  const stored = { ...short() };
  for (const field of ['video', 'thumbnail', 'srt', 'vtt'] as const) stored[field] = `${id}/${stored[field]}`;
  await ctx.requests.complete(id, 'test-worker', {
    title: 'A talk',
    sourceDuration: 30,
    windowStart: 0,
    sentences: [],
    heatmap: [],
    shorts: [stored],
  });
  for (const file of FILES) await ctx.storage.putBytes(`${requestFilesPrefix(id)}${file}`, 'bytes');
  return { id, key };
}

async function getShorts(ctx: ServiceContext, id: string, key: string) {
  const app = await createApp({ ctx });
  try {
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/shorts/${id}`,
      headers: { 'x-api-key': key },
    });
    return { status: response.statusCode, shorts: response.json().data?.shorts };
  } finally {
    await app.close();
  }
}

describe.each([
  ['the data dir', 'local'],
  ['an S3 bucket', 's3'],
] as const)('retention on %s', (_where, storage) => {
  let ctx: ServiceContext;
  const storedKeys = async (id: string) =>
    storage === 's3'
      ? s3.keys(`retention/${requestFilesPrefix(id)}`)
      : (
          await Promise.all(
            FILES.map((file) =>
              stat(path.join(dir, storage, 'files', id, file)).then(
                () => file,
                () => undefined,
              ),
            ),
          )
        ).filter(Boolean);

  beforeAll(async () => {
    const env = storage === 's3' ? s3.env('retention') : {};
    for (const [name, value] of Object.entries(env)) process.env[name] = value;
    ctx = await openServiceContext(
      loadConfig(
        { dataDir: path.join(dir, storage), databaseUrl: storage === 's3' ? database?.url : undefined },
        env,
      ),
    );
  }, 180_000);

  afterAll(async () => {
    await ctx?.close();
  });

  it('keeps the files of a request younger than N days, then removes only the files', async () => {
    expect(ctx.storage.kind).toBe(storage);
    const { id, key } = await completedRequest(ctx);
    expect(await storedKeys(id)).toHaveLength(4);

    expect(await sweepExpiredFiles(ctx, DAYS, new Date(Date.now() + (DAYS - 1) * DAY_MS))).toEqual([]);
    expect(await storedKeys(id)).toHaveLength(4);
    const kept = await getShorts(ctx, id, key);
    expect(kept.shorts[0].video_url).toMatch(/^http/);
    expect(kept.shorts[0]).not.toHaveProperty('expired_at');

    const later = new Date(Date.now() + (DAYS + 1) * DAY_MS);
    expect(await sweepExpiredFiles(ctx, DAYS, later)).toEqual([id]);
    expect(await storedKeys(id)).toEqual([]);
    const expired = await getShorts(ctx, id, key);
    expect(expired.status).toBe(200);
    expect(expired.shorts[0]).toMatchObject({
      title: 'A short',
      video_url: null,
      thumbnail_url: null,
      captions: { srt_url: null, vtt_url: null },
      expires_at: null,
      expired_at: later.toISOString(),
    });
    // a second sweep has nothing left to do
    expect(await sweepExpiredFiles(ctx, DAYS, later)).toEqual([]);
  });

  it('lets one sweep run at a time: while another process holds the sweep, this one removes nothing', async (context) => {
    if (storage !== 's3') context.skip('the sweep lock is a PostgreSQL lock: the data-dir case has none');
    if (!database) context.skip(`PostgreSQL is not reachable at ${ADMIN_URL}`);
    const { id } = await completedRequest(ctx);
    const other = new pg.Client({ connectionString: database!.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK]);
      const later = new Date(Date.now() + (DAYS + 1) * DAY_MS);
      expect(await sweepExpiredFiles(ctx, DAYS, later)).toEqual([]);
      expect(await storedKeys(id)).toHaveLength(4);
      await other.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      expect(await sweepExpiredFiles(ctx, DAYS, later)).toEqual([id]);
      expect(await storedKeys(id)).toEqual([]);
    } finally {
      await other.end();
    }
  });
});

describe('a local storage key', () => {
  it('cannot leave its folder', () => {
    const storage = new LocalStorage('/srv/data');
    expect(storage.pathOf('files/x/y.mp4')).toBe('/srv/data/files/x/y.mp4');
    expect(() => storage.pathOf('files/../signing.key')).toThrow('Invalid storage key');
    expect(() => storage.pathOf('/etc/passwd')).toThrow('Invalid storage key');
  });
});
