import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDescendants, liveProcesses } from '../src/bench/process-tree-rss.ts';
import { isEnvelope } from '../src/fuzz/envelope.ts';
import { requestHead, sendRaw, type RawOutcome } from '../src/fuzz/raw-http.ts';
import { runFuzz } from '../src/fuzz/run.ts';
import { prepareTarget } from '../src/fuzz/target.ts';
import { signFileUrl } from '../src/service/signed-urls.ts';
import { makeTestVideo } from './helpers/media.ts';
import { builtinsWithoutPreviews } from './helpers/fresh-assets.ts';
import { startClipforge } from './helpers/server.ts';
import { startService, type Service } from './helpers/service.ts';
import { JOB_DEADLINE_MS, waitFor } from './helpers/wait.ts';

// What `serve` guarantees to every client, whatever it sends: the envelope for every error, tenants kept apart,
// idempotent and race-free creates, revocation at once, and catalogues that never wait for a render.

let dir: string;
let dataDir: string;
let service: Service;
let media: http.Server;
let videoUrl: string;
let port: number;
let main: { key: string; keyId: string };
let other: { key: string; keyId: string };

/** Not the default, so the test sees the setting reach every background tool. */
const BACKGROUND_NICENESS = 13;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-guarantees-'));
  dataDir = path.join(dir, 'data');
  await makeTestVideo(path.join(dir, 'clip.mp4'), { seconds: 6 });
  media = http.createServer((request, response) => {
    if (request.url !== '/clip.mp4') response.writeHead(404).end();
    else createReadStream(path.join(dir, 'clip.mp4')).pipe(response);
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  videoUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/clip.mp4`;
  // a data dir from before the key moved into the database: its key still signs (and the test can sign too)
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dataDir, 'signing.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
  service = await startService(
    ['serve', '--no-workers', '--port', '0', '--data-dir', dataDir],
    {
      CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
      CLIPFORGE_RATE_LIMIT_SCALE: '1000',
      CLIPFORGE_BACKGROUND_NICENESS: String(BACKGROUND_NICENESS),
      // its template previews are made while the tests run, as on a fresh install
      CLIPFORGE_ASSETS_DIR: await builtinsWithoutPreviews(path.join(dir, 'assets')),
    },
    ['--data-dir', dataDir],
  );
  port = Number(new URL(service.server.url).port);
  main = await service.newAccount('main@example.com', ['--credits', '100', '--tier', 'business']);
  other = await service.newAccount('other@example.com', ['--credits', '5']);
});

afterAll(async () => {
  await service?.stop();
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const create = (body: Record<string, unknown> = {}, key = main.key, headers: Record<string, string> = {}) =>
  service.api('POST', '/shorts/create', {
    key,
    body: { fileUrl: videoUrl, start: 0, end: 5, ...body },
    headers,
  });

const queued = async (key = main.key) => {
  const response = await create({}, key);
  expect(response.status, response.text).toBe(201);
  return response.body.data.requestId as string;
};

const templateFilesMade = async () =>
  (await readdir(path.join(dataDir, 'files', 'templates')).catch(() => [])).length;

const credits = async (key: string) =>
  (await service.api('GET', '/account', { key })).body.data.credits as number;

const raw = (
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
) => {
  const payload = body === undefined ? undefined : Buffer.from(body);
  const head = requestHead(method, target, headers, payload?.length);
  return sendRaw(port, payload ? Buffer.concat([Buffer.from(head, 'latin1'), payload]) : head);
};

function parsed(outcome: RawOutcome): { status: number; body: unknown } {
  if ('error' in outcome) throw new Error(outcome.error);
  const text = outcome.body.toString();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: outcome.status, body };
}

const expectEnvelope = (response: { status: number; body: unknown }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(isEnvelope(response.body, code), JSON.stringify(response.body)).toBe(true);
};

describe('GET /templates never waits for a render', () => {
  it('answers on a fresh data dir before its previews are made, with every template and its URLs', async () => {
    expect((await service.api('GET', '/account')).status).toBe(200);
    // the previews are still being made in the background (9 templates × thumbnail, preview and gif)
    expect(await templateFilesMade()).toBeLessThan(27);
    const started = performance.now();
    const response = await service.api('GET', '/templates');
    const elapsed = performance.now() - started;
    console.info(`GET /templates on a fresh data dir answered in ${elapsed.toFixed(1)} ms`);
    expect(response.status).toBe(200);
    // not a wall-clock bound (a busy machine misses any small one): the answer came while renders were going on
    expect(await templateFilesMade()).toBeLessThan(27);
    expect(response.body.data.templates).toHaveLength(9);
    for (const template of response.body.data.templates)
      for (const field of ['thumbnail', 'preview', 'gif'])
        expect(template[field], field).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/files\/templates\//);
  });
});

/** What runs below `serve` once a tool is making a catalogue file (tsx's compiler service left out). */
const belowWhileMaking = (serve: number) =>
  waitFor(
    'a tool making a catalogue file',
    async () => {
      const found = liveDescendants(serve).filter(
        (stat) => !(stat.ppid === serve && stat.name === 'esbuild'),
      );
      return found.some((stat) => stat.name === 'ffmpeg') ? found : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 50 },
  );

const filesUnder = async (root: string): Promise<string[]> =>
  (await readdir(root, { recursive: true }).catch(() => [] as string[])).map(String);

describe('catalogue files are made away from the API', () => {
  it('by a background process at a lower priority: every tool making them runs at CLIPFORGE_BACKGROUND_NICENESS', async () => {
    const serve = service.server.process.pid as number;
    const below = await belowWhileMaking(serve);
    expect(await templateFilesMade()).toBeLessThan(27);
    for (const stat of below)
      expect(stat, JSON.stringify(below)).toMatchObject({ nice: BACKGROUND_NICENESS });
    // serve starts the one background process, and none of the tools itself
    expect(below.filter((stat) => stat.ppid === serve).map((stat) => stat.name)).toEqual(['node']);
  });

  it('stopping serve while they are made stops the making at once and leaves no partial file', async () => {
    const fresh = path.join(dir, 'stopped-while-making');
    const server = await startClipforge(['serve', '--no-workers', '--port', '0', '--data-dir', fresh], {
      CLIPFORGE_ASSETS_DIR: await builtinsWithoutPreviews(path.join(fresh, 'assets')),
    });
    const below = await belowWhileMaking(server.process.pid as number);
    // a making that ignored the signal would hold serve until the test's timeout; how fast is not a bound here
    expect(await server.stop('SIGTERM')).toBe(0);
    const pids = new Set(below.map((stat) => stat.pid));
    expect((await liveProcesses()).filter((stat) => pids.has(stat.pid))).toEqual([]);
    expect((await filesUnder(fresh)).filter((file) => file.includes('.partial'))).toEqual([]);
  });
});

describe('shutdown', () => {
  it('serve stops on SIGTERM while clients follow a request over Server-Sent Events', async () => {
    const own = path.join(dir, 'stopped-while-followed');
    const followed = await startService(
      ['serve', '--no-workers', '--port', '0', '--data-dir', own],
      { CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32' },
      ['--data-dir', own],
    );
    const account = await followed.newAccount('follower@example.com', ['--credits', '5']);
    const created = await followed.api('POST', '/shorts/create', {
      key: account.key,
      body: { fileUrl: videoUrl, start: 0, end: 5 },
    });
    expect(created.status, created.text).toBe(201);
    const streams = await Promise.all(
      [1, 2].map(() =>
        fetch(created.body.data.eventsUrl as string, { headers: { 'x-api-key': account.key } }),
      ),
    );
    const readers = streams.map((stream) => stream.body!.getReader());
    await Promise.all(readers.map((reader) => reader.read()));
    // serve waiting for its open streams would hold it until the test's timeout
    expect(await followed.stop('SIGTERM')).toBe(0);
    // each stream was ended by the server, so a client reconnects (to whichever process serves next)
    for (const reader of readers) {
      let ended = false;
      while (!ended) ended = (await reader.read()).done;
    }
  });
});

describe('an empty body with any content type is no body', () => {
  const types = [
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/octet-stream',
    'video/mp4',
    'application/x-www-form-urlencoded',
  ];
  for (const type of types) {
    it(`cancel and delete with Content-Type ${type} and no body`, async () => {
      const id = await queued();
      const cancelled = await service.api('POST', `/shorts/${id}/cancel`, {
        headers: { 'content-type': type },
      });
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(cancelled.body.data.status).toBe('cancelled');
      const deleted = await service.api('DELETE', `/shorts/${id}`, { headers: { 'content-type': type } });
      expect(deleted.status, deleted.text).toBe(200);
      expect(deleted.body).toEqual({ data: { message: 'Request successfully deleted' } });
    });
  }

  it('GET routes with Content-Type application/json and no body', async () => {
    const id = await queued();
    for (const route of [
      '/shorts',
      `/shorts/${id}`,
      `/shorts/${id}/status`,
      '/account',
      '/templates',
      '/music',
    ]) {
      const response = await service.api('GET', route, { headers: { 'content-type': 'application/json' } });
      expect(response.status, `${route}: ${response.text}`).toBe(200);
    }
  });

  it('an empty chunked body with a JSON content type', async () => {
    const id = await queued();
    const target = `/api/v1/shorts/${id}`;
    const headers = {
      'X-API-Key': main.key,
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    };
    const cancelled = parsed(await raw('POST', `${target}/cancel`, headers, '0\r\n\r\n'));
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const deleted = parsed(await raw('DELETE', target, headers, '0\r\n\r\n'));
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
  });

  it('create with a JSON content type and no body names the missing fields', async () => {
    const response = await service.api('POST', '/shorts/create', {
      headers: { 'content-type': 'application/json' },
    });
    expectEnvelope(response, 400, 'invalid_request');
    expect(response.body.error.message).toContain('start');
  });
});

describe('every error, from every layer, is the envelope with a spec code', () => {
  it('create with a media or binary Content-Type is refused, never a 500', async () => {
    for (const type of ['video/mp4', 'audio/mpeg', 'audio/wav', 'application/octet-stream', 'text/plain']) {
      for (const body of [Buffer.from([0, 1, 2, 250, 251]), '{"fileUrl":"x","start":0,"end":5}']) {
        const response = await service.api('POST', '/shorts/create', {
          headers: { 'content-type': type },
          body,
        });
        expect([400, 415], `${type}: ${response.text}`).toContain(response.status);
        expect(isEnvelope(response.body, 'invalid_request'), response.text).toBe(true);
      }
    }
  });

  it('a JSON body nested 5,000 deep is 400', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const arrays = `{"start":0,"end":5,"fileUrl":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const body of [deep, arrays]) {
      const response = await service.api('POST', '/shorts/create', { body });
      expectEnvelope(response, 400, 'invalid_request');
    }
    const withKey = await create({}, main.key, { 'Idempotency-Key': 'deep-body' });
    expect(withKey.status).toBe(201);
    const deepWithKey = await service.api('POST', '/shorts/create', {
      body: deep,
      headers: { 'Idempotency-Key': 'deep-body-2' },
    });
    expectEnvelope(deepWithKey, 400, 'invalid_request');
  });

  it('a path id over 100 characters is 400 "Invalid request ID format"', async () => {
    for (const length of [101, 150, 1000]) {
      const id = 'a'.repeat(length);
      for (const [method, route] of [
        ['GET', `/shorts/${id}/status`],
        ['GET', `/shorts/${id}`],
        ['DELETE', `/shorts/${id}`],
        ['POST', `/shorts/${id}/cancel`],
        ['GET', `/shorts/${id}/events`],
      ]) {
        const response = await service.api(method, route);
        expectEnvelope(response, 400, 'invalid_request');
        expect(response.body.error.message).toBe('Invalid request ID format');
      }
    }
  });

  it('malformed percent-encoding is a 400 envelope', async () => {
    for (const target of [
      '/api/v1/shorts/%E0%A4%A',
      '/api/v1/shorts/%zz/status',
      '/api/v1/files/%E0%A4%A.mp4?expires=1&sig=00',
      '/api/v1/shorts/%',
    ]) {
      const response = parsed(await raw('GET', target, { 'X-API-Key': main.key }));
      expectEnvelope(response, 400, 'invalid_request');
    }
    const query = parsed(
      await raw('GET', '/api/v1/shorts?status=%E0%A4%A&page=%FF', { 'X-API-Key': main.key }),
    );
    expectEnvelope(query, 400, 'invalid_request');
  });

  it('headers over 16 KB are 431 with an envelope body', async () => {
    const response = parsed(
      await raw('GET', '/api/v1/account', { 'X-API-Key': main.key, 'X-Pad': 'a'.repeat(20_000) }),
    );
    expect(response.status).toBe(431);
    expect(isEnvelope(response.body, 'invalid_request'), JSON.stringify(response.body)).toBe(true);
  });

  it('a request the HTTP parser cannot read is a 400 envelope, and the server stays up', async () => {
    for (const request of [
      'GARBAGE\r\n\r\n',
      'GET /api/v1/account HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    ]) {
      const response = parsed(await sendRaw(port, request));
      expectEnvelope(response, 400, 'invalid_request');
    }
    expect((await service.api('GET', '/account')).status).toBe(200);
  });

  it('an unknown route is a 404 envelope', async () => {
    expectEnvelope(await service.api('GET', '/nope'), 404, 'resource_not_found');
    expectEnvelope(await service.api('PATCH', '/shorts/create'), 404, 'resource_not_found');
  });
});

describe('tenants are kept apart', () => {
  it('another account’s request is not found on every route, and stays untouched', async () => {
    const id = await queued(main.key);
    for (const [method, route] of [
      ['GET', `/shorts/${id}/status`],
      ['GET', `/shorts/${id}`],
      ['GET', `/shorts/${id}/events`],
      ['POST', `/shorts/${id}/cancel`],
      ['DELETE', `/shorts/${id}`],
    ]) {
      const response = await service.api(method, route, { key: other.key });
      expectEnvelope(response, 404, 'resource_not_found');
    }
    const list = await service.api('GET', '/shorts?limit=100', { key: other.key });
    expect(list.body.data.requests.map((r: { requestId: string }) => r.requestId)).not.toContain(id);
    const account = await service.api('GET', '/account', { key: other.key });
    expect(account.body.data.email).toBe('other@example.com');
    const mine = await service.api('GET', `/shorts/${id}/status`);
    expect(mine.body.data).toMatchObject({ _id: id, status: 'queued', userEmail: 'main@example.com' });
  });

  it('an upload belongs to its uploader: anyone else gets the error of an unknown upload', async () => {
    const upload = await fetch(`${service.server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'x-api-key': main.key, 'content-type': 'video/mp4', 'x-filename': 'clip.mp4' },
      body: await readFile(path.join(dir, 'clip.mp4')),
    });
    expect(upload.status).toBe(201);
    const { fileUrl } = ((await upload.json()) as { data: { fileUrl: string } }).data;
    const unknown = fileUrl.replace(/\/uploads\/[0-9a-f]{24}\//, '/uploads/0123456789abcdef01234567/');
    const stolen = await create({ fileUrl }, other.key);
    const missing = await create({ fileUrl: unknown }, other.key);
    expect(stolen.status).toBe(missing.status);
    expect(stolen.body).toEqual(missing.body);
    expect(isEnvelope(stolen.body, 'url_validation_failed'), stolen.text).toBe(true);
    const own = await create({ fileUrl });
    expect(own.status, own.text).toBe(201);
  });

  it('signed file URLs: a tampered signature or path, or an expired link, is refused', async () => {
    await mkdir(path.join(dataDir, 'files', 'probe'), { recursive: true });
    await writeFile(path.join(dataDir, 'files', 'probe', 'a.json'), '{"ok":true}');
    await writeFile(path.join(dataDir, 'files', 'probe', 'b.json'), '{"secret":true}');
    const signingKey = (await readFile(path.join(dataDir, 'signing.key'), 'utf8')).trim();
    const base = service.server.url;
    const inAnHour = new Date(Date.now() + 3600_000);
    const good = signFileUrl(base, 'probe/a.json', signingKey, inAnHour);
    const ok = await fetch(good);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    const sig = /sig=([0-9a-f]{64})/.exec(good)![1];
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const refused: [string, string][] = [
      [good.replace(sig, flipped), 'File not found'],
      [good.replace('probe/a.json', 'probe/b.json'), 'File not found'],
      [good.replace(/expires=\d+/, `expires=${Math.floor(Date.now() / 1000) + 7200}`), 'File not found'],
      [good.replace(/&sig=[0-9a-f]+/, ''), 'File not found'],
      [good.replace(sig, sig.slice(0, 10)), 'File not found'],
      [
        signFileUrl(base, 'probe/a.json', signingKey, new Date(Date.now() - 1000)),
        'This download link has expired',
      ],
      [signFileUrl(base, 'probe/a.json', 'another key', inAnHour), 'File not found'],
    ];
    for (const [url, message] of refused) {
      const response = await fetch(url);
      const body = (await response.json()) as { error: { message: string } };
      expect(response.status, url).toBe(404);
      expect(isEnvelope(body, 'resource_not_found')).toBe(true);
      expect(body.error.message).toBe(message);
    }
  });
});

describe('creates are atomic', () => {
  it('10 concurrent creates with one Idempotency-Key and body: one request, one credit, one answer', async () => {
    const before = await credits(main.key);
    const listed = (await service.api('GET', '/shorts?limit=100')).body.data.pagination.totalCount;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => create({ end: 4 }, main.key, { 'Idempotency-Key': 'race-same' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0].body);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
    expect(await credits(main.key)).toBe(before - 1);
    expect((await service.api('GET', '/shorts?limit=100')).body.data.pagination.totalCount).toBe(listed + 1);
  });

  it('10 concurrent creates with one Idempotency-Key and different bodies: one 201, the rest 409', async () => {
    const before = await credits(main.key);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        create({ start: i * 0.1 }, main.key, { 'Idempotency-Key': 'race-diff' }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409))
      expectEnvelope(response, 409, 'conflict');
    expect(await credits(main.key)).toBe(before - 1);
  });

  it('a failed create releases its Idempotency-Key, so a corrected retry runs', async () => {
    const failed = await create({ fileUrl: `${videoUrl}.missing` }, main.key, {
      'Idempotency-Key': 'retry-me',
    });
    expectEnvelope(failed, 400, 'url_validation_failed');
    const retried = await create({}, main.key, { 'Idempotency-Key': 'retry-me' });
    expect(retried.status, retried.text).toBe(201);
  });

  it('a balance of 1 and 8 concurrent creates: exactly one 201, the rest 403, never below zero', async () => {
    const one = await service.newAccount('one@example.com', ['--credits', '1']);
    const responses = await Promise.all(Array.from({ length: 8 }, () => create({}, one.key)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(7).fill(403)]);
    for (const response of responses.filter((r) => r.status === 403))
      expectEnvelope(response, 403, 'insufficient_credits');
    expect(await credits(one.key)).toBe(0);
  });
});

describe('keys and accounts', () => {
  it('a revoked key stops working at once, although it was in constant use', async () => {
    const user = await service.newAccount('revoke@example.com', ['--credits', '1']);
    for (let i = 0; i < 5; i++)
      expect((await service.api('GET', '/account', { key: user.key })).status).toBe(200);
    await service.admin('keys', 'revoke', user.keyId);
    expectEnvelope(await service.api('GET', '/account', { key: user.key }), 401, 'invalid_api_key');
  });

  it('disabling an account takes effect at once, and so does enabling it again', async () => {
    const user = await service.newAccount('disable@example.com', ['--credits', '1']);
    for (let i = 0; i < 5; i++)
      expect((await service.api('GET', '/account', { key: user.key })).status).toBe(200);
    await service.admin('accounts', 'disable', '--email', 'disable@example.com');
    expectEnvelope(await service.api('GET', '/account', { key: user.key }), 403, 'subscription_required');
    await service.admin('accounts', 'enable', '--email', 'disable@example.com');
    expect((await service.api('GET', '/account', { key: user.key })).status).toBe(200);
  });

  it('keys list shows when each key was last used', async () => {
    const user = await service.newAccount('used@example.com');
    const listKeys = async () =>
      JSON.parse(await service.admin('keys', 'list', '--email', 'used@example.com')) as {
        lastUsedAt: string | null;
      }[];
    expect((await listKeys())[0].lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await service.api('GET', '/account', { key: user.key })).status).toBe(200);
    const [listed] = await listKeys();
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.parse(listed.lastUsedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(listed.lastUsedAt!)).toBeLessThanOrEqual(Date.now());
  });
});

describe('hostile input', () => {
  it('a short fuzz run over every route: no 5xx, nothing outside the envelope, every request answered, server up', async () => {
    const target = await prepareTarget({
      baseUrl: service.server.url,
      key: main.key,
      otherKey: other.key,
      videoUrl,
      video: await readFile(path.join(dir, 'clip.mp4')),
      adminToken: (await readFile(path.join(dataDir, 'admin.token'), 'utf8')).trim(),
    });
    const report = await runFuzz({
      port,
      target,
      count: 400,
      seed: 7,
      concurrency: 4,
      isUp: async () =>
        service.server.process.exitCode === null && (await service.api('GET', '/healthz')).status === 200,
    });
    expect(report.sent).toBe(400);
    expect(Object.keys(report.byCategory).length).toBeGreaterThanOrEqual(10);
    expect(report.findings).toEqual([]);
    expect([report.serverErrors, report.outsideEnvelope, report.unanswered, report.stayedUp]).toEqual([
      0,
      0,
      0,
      true,
    ]);
  });
});

describe('catalogue files', () => {
  it('a template preview URL answers 200 as soon as its file exists, and a retryable 404 before', async () => {
    const { body } = await service.api('GET', '/templates');
    const url = body.data.templates[8].gif as string;
    const deadline = Date.now() + JOB_DEADLINE_MS;
    let response = await fetch(url);
    while (response.status !== 200 && Date.now() < deadline) {
      const error = await response.json();
      expect(response.status).toBe(404);
      expect(isEnvelope(error, 'resource_not_found')).toBe(true);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      response = await fetch(url);
    }
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
  });
});
