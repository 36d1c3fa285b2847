import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runClipforge } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { createScratchDatabase, describeOnPostgres, type ScratchDatabase } from './helpers/postgres.ts';
import { notCheckpoints, startLocalS3, type LocalS3 } from './helpers/s3.ts';
import { startClipforge, type RunningServer } from './helpers/server.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// Scale-out with no shared disk, on the local PostgreSQL and a local S3 server: one API process without
// workers and two worker processes, each with a data dir of its own; a worker killed with SIGKILL mid-job loses
// nothing, and every file a client downloads is in the bucket.

let database: ScratchDatabase | undefined;
let databaseUrl: string;
let dir: string;
let api: RunningServer;
const workers: RunningServer[] = [];
let media: http.Server;
let mediaUrl: string;
let key: string;
let s3: LocalS3;

const describeWithPostgres = await describeOnPostgres();
const PREFIX = 'dist';
const HOSTS = ['api', 'worker-1', 'worker-2'] as const;
type Host = (typeof HOSTS)[number];

/** One host's settings: the database and the bucket are all it shares with the others. */
const env = (host: Host = 'api') => ({
  ...s3.env(PREFIX),
  DATABASE_URL: databaseUrl,
  CLIPFORGE_DATA_DIR: path.join(dir, host),
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_X264_PRESET: 'ultrafast',
});

beforeAll(async () => {
  database = await createScratchDatabase('clipforge_test');
  databaseUrl = database.url;
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-dist-'));
  s3 = await startLocalS3();
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  media = http.createServer(async (request, response) => {
    const { createReadStream } = await import('node:fs');
    createReadStream(path.join(dir, 'talk.mp4')).pipe(response);
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/talk.mp4`;
  api = await startClipforge(['serve', '--no-workers', '--port', '0'], env());
  for (const host of ['worker-1', 'worker-2'] as const)
    workers.push(await startClipforge(['worker'], env(host), /worker (\S+) started/));
  const created = await runClipforge(
    ['accounts', 'create', '--email', 'ops@example.com', '--credits', '20', '--tier', 'business'],
    { env: env() },
  );
  expect(created.code).toBe(0);
  key = (await runClipforge(['keys', 'create', '--email', 'ops@example.com'], { env: env() })).stdout
    .split('\n')[0]
    .trim();
});

afterAll(async () => {
  for (const process of [api, ...workers]) await process?.stop('SIGKILL');
  media?.close();
  await database?.drop();
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call(method: string, route: string, body?: unknown) {
  const response = await fetch(`${api.url}/api/v1${route}`, {
    method,
    headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await response.json()) as { data: Record<string, unknown> };
}

/** What is left of a request in the bucket and on each host: its work folder and its rendered files. */
async function leftovers(id: string): Promise<string[]> {
  const found: string[] = [];
  for (const area of ['work', 'files']) {
    found.push(...(await s3.keys(`${PREFIX}/${area}/${id}/`)));
    for (const host of HOSTS) {
      const files = await readdir(path.join(dir, host, area, id), { recursive: true }).catch(() => undefined);
      if (files)
        found.push(`${host}:${area}/${id}/`, ...files.map((file) => `${host}:${area}/${id}/${file}`));
    }
  }
  return found;
}

/** The request's checkpoints on the worker hosts. */
const workFiles = async (id: string) =>
  (
    await Promise.all(
      HOSTS.map((host) => readdir(path.join(dir, host, 'work', id)).catch(() => [] as string[])),
    )
  ).flat();
/** The job's step and progress, read from the database (polling the API this often would hit its rate limit). */
const progressOf = async (id: string) => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT step, progress FROM requests WHERE id = $1', [id]);
    return { step: rows[0]?.step as string, progress: Number(rows[0]?.progress) };
  } finally {
    await client.end();
  }
};

describeWithPostgres('deleting a request a worker is running', () => {
  // The API process cannot stop another process's job: the worker notices at its next lease renewal, stops
  // its tools and removes what it wrote. A worker that kept going for those seconds would write the next
  // checkpoints into the removed folder: after the highlights (a fixed layout makes the next stages take
  // milliseconds), or when the face analysis of the only short (noClipping) ends.
  it.each<[string, Record<string, unknown>, (id: string) => Promise<boolean>]>([
    [
      'while finding highlights',
      { layout: 'fill' },
      async (id) => (await workFiles(id)).includes('stage-transcript.json'),
    ],
    ['while analysing faces', {}, async (id) => (await workFiles(id)).includes('stage-assets.json')],
    [
      'as the face analysis ends',
      { noClipping: true },
      async (id) => {
        const { step, progress } = await progressOf(id);
        return step === 'finalizing' && progress >= 84;
      },
    ],
    [
      'as the face analysis ends, again',
      { noClipping: true },
      async (id) => {
        const { step, progress } = await progressOf(id);
        return step === 'finalizing' && progress >= 84;
      },
    ],
  ])('%s leaves nothing of it on disk', async (_moment, options, reached) => {
    const { data } = await call('POST', '/shorts/create', {
      fileUrl: mediaUrl,
      start: 0,
      end: 30,
      preferredLength: 'under30sec',
      ...options,
    });
    const id = data.requestId as string;
    const deadline = Date.now() + JOB_DEADLINE_MS;
    while (!(await reached(id))) {
      if (Date.now() > deadline) throw new Error(`${id} never got there`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await fetch(`${api.url}/api/v1/shorts/${id}`, {
      method: 'DELETE',
      headers: { 'x-api-key': key },
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 8000));
    expect(await leftovers(id)).toEqual([]);
  });
});

describeWithPostgres('distributed mode on PostgreSQL', () => {
  it('completes every request although a worker is killed mid-render, charging each once', async () => {
    const creditsBefore = (await call('GET', '/account')).data.credits as number;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { data } = await call('POST', '/shorts/create', {
        fileUrl: mediaUrl,
        start: i * 5,
        end: i * 5 + 20,
        preferredLength: 'under30sec',
        layout: 'fill', // the kill is of a render: face analysis would only make the test slower
      });
      ids.push(data.requestId as string);
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let victim: { id: string; owner: string } | undefined;
    const deadline = Date.now() + JOB_DEADLINE_MS;
    while (!victim && Date.now() < deadline) {
      const { rows } = await client.query(
        `SELECT id, lease_owner FROM requests WHERE status = 'processing' AND step = 'finalizing' AND lease_owner IS NOT NULL LIMIT 1`,
      );
      if (rows[0]) victim = { id: rows[0].id, owner: rows[0].lease_owner };
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(victim).toBeDefined();
    const pid = Number(victim!.owner.split('-').at(-2));
    const killed = workers.find((worker) => worker.process.pid === pid);
    expect(killed).toBeDefined();
    await killed!.stop('SIGKILL');

    const finished = new Map<string, Record<string, unknown>>();
    while (finished.size < ids.length && Date.now() < deadline + 180_000) {
      for (const id of ids) {
        const { data } = await call('GET', `/shorts/${id}/status`);
        if (['completed', 'failed', 'cancelled'].includes(data.status as string)) finished.set(id, data);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await client.end();
    for (const id of ids) expect(finished.get(id)?.status, id).toBe('completed');
    const { rows } = await new pg.Pool({ connectionString: databaseUrl }).query(
      `SELECT attempts FROM requests WHERE id = $1`,
      [victim!.id],
    );
    expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
    const account = await call('GET', '/account');
    expect(account.data.credits).toBe(creditsBefore - 3);
    const full = await call('GET', `/shorts/${victim!.id}`);
    expect((full.data.shorts as unknown[]).length).toBeGreaterThanOrEqual(1);
    // every file a client is handed is an object in the bucket; the hosts kept none of them
    for (const id of ids) {
      const objects = await s3.keys(`${PREFIX}/files/${id}/`);
      const shorts = (await call('GET', `/shorts/${id}`)).data.shorts as {
        video_url: string;
        sha256: string;
      }[];
      for (const short of shorts) {
        const name = new URL(short.video_url).pathname.split('/').at(-1)!;
        expect(objects).toContain(`${PREFIX}/files/${id}/${name}`);
        const download = Buffer.from(await (await fetch(short.video_url)).arrayBuffer());
        expect(createHash('sha256').update(download).digest('hex')).toBe(short.sha256);
      }
      expect(notCheckpoints(await s3.keys(`${PREFIX}/work/${id}/`))).toEqual([]);
      for (const host of HOSTS)
        expect(await readdir(path.join(dir, host, 'files', id)).catch(() => [])).toEqual([]);
    }
  });
});
