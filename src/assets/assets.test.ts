import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanVolume } from '../media/loudness.ts';
import { probeMedia } from '../media/probe.ts';
import { runProcess } from '../media/process.ts';
import { TEST_ASSETS_DIR } from '../../test/helpers/test-assets.ts';
import { BUILTIN_ASSETS, ensureBuiltinAssets } from './builtin.ts';
import { addAsset, assetNameProblem, listAssets, resolveAsset } from './library.ts';
import { copyMedia, notAVideo } from '../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';

// The built-ins are made once per machine into TEST_ASSETS_DIR by the test set-up (the same code path).

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-assets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function grayFrame(file: string, at: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await runProcess(
    'ffmpeg',
    ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-vf', 'scale=64:64,format=gray', '-f', 'rawvideo', '-'],
    { onStdoutData: (chunk) => chunks.push(chunk), maxStdoutBytes: 0 },
  );
  return Buffer.concat(chunks);
}

describe('built-in assets', () => {
  it('are all in place with the right shapes, and a second run makes nothing', async () => {
    expect(await ensureBuiltinAssets(TEST_ASSETS_DIR, TEST_TOOLS)).toEqual([]);
    for (const asset of BUILTIN_ASSETS) {
      const probe = await probeMedia(path.join(TEST_ASSETS_DIR, asset.kind, asset.file), TEST_TOOLS);
      if (asset.kind === 'music') {
        expect(probe.video).toBeUndefined();
        expect(probe.duration).toBeGreaterThan(25);
      } else if (asset.kind === 'game-videos') {
        expect(probe.video).toMatchObject({ width: 1080, height: 960 });
        expect(probe.duration).toBeCloseTo(20, 0);
      } else {
        expect(probe.video).toMatchObject({ width: 1080, height: 1920 });
        expect(probe.audio).toBeDefined();
        expect(probe.duration).toBeGreaterThanOrEqual(2);
        expect(probe.duration).toBeLessThanOrEqual(5);
      }
    }
    expect((await readdir(path.join(TEST_ASSETS_DIR, 'music'))).some((f) => f.includes('partial'))).toBe(false);
  });

  it('music is audible and never clips', async () => {
    for (const asset of BUILTIN_ASSETS.filter((a) => a.kind === 'music')) {
      const file = path.join(TEST_ASSETS_DIR, asset.kind, asset.file);
      expect(await meanVolume(file, TEST_TOOLS)).toBeGreaterThan(-35);
      const { stderr } = await runProcess('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'volumedetect', '-f', 'null', '-']);
      expect(Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])).toBeLessThan(-1);
    }
  });

  it('gameplay keeps moving', async () => {
    for (const asset of BUILTIN_ASSETS.filter((a) => a.kind === 'game-videos')) {
      const file = path.join(TEST_ASSETS_DIR, asset.kind, asset.file);
      const [a, b] = await Promise.all([grayFrame(file, 1), grayFrame(file, 10)]);
      let changed = 0;
      for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 12) changed++;
      expect(changed / a.length).toBeGreaterThan(0.02);
    }
  });
});

describe('asset library', () => {
  it('lists by exact, case-sensitive name and picks at random when no name is given', async () => {
    const items = await listAssets(TEST_ASSETS_DIR, 'music', TEST_TOOLS);
    expect(items.map((i) => i.name)).toEqual(['Bright Arpeggio', 'Calm Pads', 'Lo-Fi Pulse']);
    expect((await resolveAsset(TEST_ASSETS_DIR, 'music', TEST_TOOLS, 'Calm Pads')).name).toBe('Calm Pads');
    await expect(resolveAsset(TEST_ASSETS_DIR, 'music', TEST_TOOLS, 'calm pads')).rejects.toThrow(
      /Unknown music name "calm pads" \(names are case-sensitive\); available: Bright Arpeggio, Calm Pads, Lo-Fi Pulse/,
    );
    expect((await resolveAsset(TEST_ASSETS_DIR, 'music', TEST_TOOLS, undefined, () => 0.99)).name).toBe('Lo-Fi Pulse');
    await expect(resolveAsset(dir, 'music', TEST_TOOLS)).rejects.toThrow(/catalogue is empty/);
  });

  it('adds an operator file after checking it, and refuses what does not fit', async () => {
    const meme = path.join(TEST_ASSETS_DIR, 'meme-hooks', 'No Way.mp4');
    const added = await addAsset(dir, 'meme-hooks', meme, TEST_TOOLS, 'Big Reveal');
    expect(added).toMatchObject({ name: 'Big Reveal', kind: 'meme-hooks' });
    expect((await listAssets(dir, 'meme-hooks', TEST_TOOLS)).map((i) => i.name)).toEqual(['Big Reveal']);
    await expect(addAsset(dir, 'meme-hooks', meme, TEST_TOOLS, 'Big Reveal')).rejects.toThrow(/already has "Big Reveal"/);
    await expect(addAsset(dir, 'meme-hooks', path.join(TEST_ASSETS_DIR, 'game-videos', 'Neon Life.mp4'), TEST_TOOLS, 'Long')).rejects.toThrow(
      /lasts 2–5 s/,
    );
    await expect(addAsset(dir, 'game-videos', path.join(TEST_ASSETS_DIR, 'music', 'Calm Pads.m4a'), TEST_TOOLS)).rejects.toThrow(
      /need a video stream/,
    );
    const fake = path.join(dir, 'fake.mp4');
    await copyMedia(notAVideo(), fake);
    await expect(addAsset(dir, 'game-videos', fake, TEST_TOOLS)).rejects.toThrow(/not a readable media file/);
    await mkdir(path.join(dir, 'music'), { recursive: true });
    await copyFile(fake, path.join(dir, 'music', 'broken.mp3'));
    expect(await listAssets(dir, 'music', TEST_TOOLS)).toEqual([]);
  });

  it('refuses names that are not plain file names', () => {
    expect(assetNameProblem('../x')).toMatch(/\//);
    expect(assetNameProblem('.hidden')).toMatch(/dot/);
    expect(assetNameProblem('a\u0007b')).toMatch(/control/);
    expect(assetNameProblem('Epic Drop 2')).toBeUndefined();
  });
});
