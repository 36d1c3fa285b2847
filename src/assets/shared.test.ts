import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../test/helpers/s3.ts';
import { loadConfig } from '../config.ts';
import { LocalStorage } from '../storage/local.ts';
import { openS3Storage } from '../storage/s3.ts';
import { shareAsset, syncSharedAssets } from './shared.ts';

let dir: string;
let s3: LocalS3;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-shared-assets-'));
  s3 = await startLocalS3('shared-assets');
});
afterAll(async () => {
  await s3?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function assetOn(host: string) {
  const file = path.join(dir, host, 'music', 'Theme Song.mp3');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, 'ID3 not really music');
  return { name: 'Theme Song', kind: 'music' as const, path: file, duration: 12 };
}

describe('operator assets with shared storage', () => {
  it('an asset added on one host reaches the assets dir of another, once', async () => {
    const env = s3.env('tenant');
    for (const [name, value] of Object.entries(env)) process.env[name] = value;
    const storage = openS3Storage(loadConfig({ dataDir: path.join(dir, 'data') }, env));
    const asset = await assetOn('host-a');
    await shareAsset(storage, asset);
    expect(await s3.keys('tenant/assets/')).toEqual(['tenant/assets/music/Theme Song.mp3']);
    expect(await readFile(asset.path, 'utf8')).toBe('ID3 not really music');

    const hostB = path.join(dir, 'host-b');
    expect(await syncSharedAssets(storage, hostB)).toEqual(['assets/music/Theme Song.mp3']);
    expect(await readFile(path.join(hostB, 'music', 'Theme Song.mp3'), 'utf8')).toBe('ID3 not really music');
    expect(await syncSharedAssets(storage, hostB)).toEqual([]);
  });

  it('with local storage there is nothing to share: the assets dir is the catalogue', async () => {
    const storage = new LocalStorage(path.join(dir, 'local'));
    await shareAsset(storage, await assetOn('host-c'));
    expect(await storage.list('assets/')).toEqual([]);
    expect(await syncSharedAssets(storage, path.join(dir, 'host-d'))).toEqual([]);
  });
});
