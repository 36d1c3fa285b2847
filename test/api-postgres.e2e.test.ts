import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestVideo } from './helpers/media.ts';
import { createScratchDatabase, describeOnPostgres, type ScratchDatabase } from './helpers/postgres.ts';
import { callApi, startService, type Service } from './helpers/service.ts';

// Two API processes (`serve --no-workers`) on one PostgreSQL: creates stay atomic across them, and a revoked key
// or a disabled account stops working on both within 5 s of the change, however busy the key is.

const describeWithPostgres = await describeOnPostgres();
const CHANGE_SEEN_WITHIN_MS = 5000;
let dir: string;
let apis: Service[] = [];
let media: http.Server;
let videoUrl: string;
let database: ScratchDatabase | undefined;

beforeAll(async () => {
  database = await createScratchDatabase('clipforge_api');
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-api-pg-'));
  await makeTestVideo(path.join(dir, 'clip.mp4'), { seconds: 6 });
  media = http.createServer((_request, response) =>
    createReadStream(path.join(dir, 'clip.mp4')).pipe(response),
  );
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  videoUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/clip.mp4`;
  const env = {
    DATABASE_URL: database.url,
    CLIPFORGE_DATA_DIR: path.join(dir, 'shared'),
    CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
    CLIPFORGE_RATE_LIMIT_SCALE: '100000',
  };
  apis = [
    await startService(['serve', '--no-workers', '--port', '0'], env),
    await startService(['serve', '--no-workers', '--port', '0'], env),
  ];
});

afterAll(async () => {
  for (const api of apis) await api.stop();
  media?.close();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Uses `key` on every API process back to back while `change` runs, and for a while after; checks that every use
 * started more than 5 s after the change finished got `refused`, on every process.
 */
async function expectRefusedEverywhereWithin5s(key: string, change: () => Promise<unknown>, refused: number) {
  const uses: { api: number; startedAt: number; status: number }[] = [];
  let running = true;
  const loops = apis.map(async (api, index) => {
    while (running) {
      const startedAt = Date.now();
      const { status } = await callApi(api.server.url, 'GET', '/account', { key });
      uses.push({ api: index, startedAt, status });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await change();
  const changedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, CHANGE_SEEN_WITHIN_MS + 1500));
  running = false;
  await Promise.all(loops);
  for (const index of apis.keys()) {
    const mine = uses.filter((use) => use.api === index);
    expect(mine.filter((use) => use.startedAt < changedAt - 1000).every((use) => use.status === 200)).toBe(
      true,
    );
    const late = mine.filter(
      (use) => use.startedAt > changedAt + CHANGE_SEEN_WITHIN_MS && use.status !== refused,
    );
    expect(late, `process ${index}`).toEqual([]);
    const first = mine.find((use) => use.startedAt >= changedAt - 1000 && use.status === refused);
    expect(first, `process ${index}`).toBeDefined();
    console.info(
      `API process ${index} answered ${refused} ${first!.startedAt - changedAt} ms after the change`,
    );
  }
}

/** `count` concurrent creates of `key`, alternating between the API processes. */
const createOnBoth = (
  key: string,
  count: number,
  body: (i: number) => object,
  headers: Record<string, string> = {},
) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      callApi(apis[i % 2].server.url, 'POST', '/shorts/create', { key, body: body(i), headers }),
    ),
  );

describeWithPostgres('two API processes on PostgreSQL', () => {
  it('a revoked key stops working on every process within 5 s, although it is in constant use', async () => {
    const user = await apis[0].newAccount('revoke@example.com', ['--credits', '1']);
    await expectRefusedEverywhereWithin5s(user.key, () => apis[0].admin('keys', 'revoke', user.keyId), 401);
  });

  it('a disabled account is refused on every process within 5 s', async () => {
    const user = await apis[0].newAccount('disable@example.com', ['--credits', '1']);
    const disable = () => apis[0].admin('accounts', 'disable', '--email', 'disable@example.com');
    await expectRefusedEverywhereWithin5s(user.key, disable, 403);
  });

  it('10 concurrent creates with one Idempotency-Key across both processes: one request, one credit', async () => {
    const user = await apis[0].newAccount('idem@example.com', ['--credits', '5']);
    const responses = await createOnBoth(user.key, 10, () => ({ fileUrl: videoUrl, start: 0, end: 5 }), {
      'Idempotency-Key': 'across',
    });
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const response of responses) expect(response.body).toEqual(responses[0].body);
    const account = await callApi(apis[1].server.url, 'GET', '/account', { key: user.key });
    expect(account.body.data.credits).toBe(4);
    expect(account.body.data.usage.requests).toBe(1);
    const different = await createOnBoth(
      user.key,
      10,
      (i) => ({ fileUrl: videoUrl, start: i * 0.1, end: 5 }),
      {
        'Idempotency-Key': 'across-different',
      },
    );
    expect(different.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
  });

  it('a balance of 1 and 10 concurrent creates across both processes: one 201, nine 403', async () => {
    const user = await apis[0].newAccount('one@example.com', ['--credits', '1']);
    const responses = await createOnBoth(user.key, 10, () => ({ fileUrl: videoUrl, start: 0, end: 5 }));
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(403)]);
    const account = await callApi(apis[1].server.url, 'GET', '/account', { key: user.key });
    expect(account.body.data.credits).toBe(0);
  });
});
