import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ASSETS, builtinPath, type AssetKind } from '../src/assets/builtin.ts';
import { isEnvelope } from '../src/fuzz/envelope.ts';
import { startService, type Service } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

// A fresh install: `serve` on an empty data dir and an empty assets dir. Every catalogue is complete from the
// first request (the built-ins are listed from their recipes while the background process makes them), and a
// file not made yet answers the one retryable status of every catalogue file: 404 with Retry-After.

let dir: string;
let assets: string;
let service: Service;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-first-request-'));
  assets = path.join(dir, 'assets');
  const env = { CLIPFORGE_ASSETS_DIR: assets, CLIPFORGE_RATE_LIMIT_SCALE: '1000' };
  const dataDir = path.join(dir, 'data');
  service = await startService(['serve', '--no-workers', '--port', '0', '--data-dir', dataDir], env, [
    '--data-dir',
    dataDir,
  ]);
  await service.newAccount('first@example.com');
});

afterAll(async () => {
  await service?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ROUTES: Array<{ route: string; kind: AssetKind; key: string }> = [
  { route: '/music', kind: 'music', key: 'music' },
  { route: '/game-videos', kind: 'game-videos', key: 'gameVideos' },
  { route: '/meme-hooks', kind: 'meme-hooks', key: 'memeHooks' },
];

interface Listed {
  name: string;
  ready: boolean;
  url?: string;
  video?: string;
  preview?: string | null;
  duration?: number;
  video_duration?: number;
}

const list = async (route: string, key: string): Promise<Listed[]> => {
  const response = await service.api('GET', `${route}?limit=100`);
  expect(response.status, response.text).toBe(200);
  return response.body.data[key] as Listed[];
};

const urlsOf = (item: Listed) =>
  [item.url, item.video, item.preview].filter((url): url is string => Boolean(url));

describe('a fresh install', () => {
  it('lists every built-in from the first request; a file not made yet answers 404 with Retry-After', async () => {
    const first = await Promise.all(ROUTES.map(({ route, key }) => list(route, key)));
    const templates = await service.api('GET', '/templates');
    expect(templates.body.data.templates).toHaveLength(9);

    let pendingSeen = 0;
    for (const [index, { kind }] of ROUTES.entries()) {
      const builtins = BUILTIN_ASSETS.filter((asset) => asset.kind === kind);
      const items = first[index];
      expect(items.map((item) => item.name)).toEqual(builtins.map((asset) => asset.name).sort());
      for (const item of items) {
        const recipe = builtins.find((asset) => asset.name === item.name)!;
        expect(item.duration ?? item.video_duration).toBe(recipe.seconds);
        if (kind !== 'music') expect(item.preview).toMatch(/\/api\/v1\/files\/catalogue\//);
        if (item.ready) continue;
        for (const url of urlsOf(item)) {
          const response = await fetch(url);
          const body = await response.json().catch(() => undefined);
          // made between the listing and this request: then it is there for good
          if (response.status === 200) {
            expect(existsSync(builtinPath(assets, recipe))).toBe(true);
            continue;
          }
          pendingSeen++;
          expect(response.status).toBe(404);
          expect(isEnvelope(body, 'resource_not_found'), JSON.stringify(body)).toBe(true);
          expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
    }
    // the template previews are made before the built-ins, so the first listing finds built-ins still to make
    expect(pendingSeen).toBeGreaterThan(0);
  });

  it('every listed file is served once made, with the duration its recipe promised', async () => {
    for (const { route, kind, key } of ROUTES) {
      const items = await waitFor(
        `the ${kind} built-ins`,
        async () => {
          const listed = await list(route, key);
          return listed.every((item) => item.ready) ? listed : undefined;
        },
        { timeoutMs: 400_000, intervalMs: 1000, context: () => service.server.output().slice(-3000) },
      );
      expect(items).toHaveLength(3);
      for (const item of items) {
        const recipe = BUILTIN_ASSETS.find((asset) => asset.kind === kind && asset.name === item.name)!;
        expect(Math.abs((item.duration ?? item.video_duration)! - recipe.seconds)).toBeLessThanOrEqual(0.1);
        for (const url of urlsOf(item)) expect((await fetch(url, { method: 'HEAD' })).status, url).toBe(200);
      }
    }
  });
});
