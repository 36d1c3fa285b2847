import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../media/probe.ts';
import { runProcess } from '../media/process.ts';
import { QUIET_ARGS } from '../media/progress.ts';
import { CancelledError } from '../domain/errors.ts';
import {
  ASSET_KINDS,
  BUILTIN_ASSETS,
  catalogueItems,
  ensureBuiltinAsset,
  ensureBuiltinAssets,
  stingerFont,
} from './builtin.ts';
import { TEST_ASSETS_DIR } from '../../test/helpers/test-assets.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { waitFor } from '../../test/helpers/wait.ts';

const FONT = '/fonts/Bold.otf';
const argsOf = (kind: string) =>
  BUILTIN_ASSETS.filter((asset) => asset.kind === kind).map((asset) => ({
    asset,
    args: asset.args(`/out/${asset.file}`, FONT),
  }));
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('built-in asset arguments', () => {
  it('has three named items of each kind, each file its name plus the right extension', () => {
    expect(ASSET_KINDS).toEqual(['music', 'game-videos', 'meme-hooks']);
    for (const kind of ASSET_KINDS) expect(BUILTIN_ASSETS.filter((asset) => asset.kind === kind)).toHaveLength(3);
    expect(new Set(BUILTIN_ASSETS.map((asset) => asset.name)).size).toBe(BUILTIN_ASSETS.length);
    for (const asset of BUILTIN_ASSETS)
      expect(asset.file).toBe(`${asset.name}${asset.kind === 'music' ? '.m4a' : '.mp4'}`);
  });

  it('are quiet ffmpeg argument lists writing only the given output, made from generators alone', () => {
    for (const asset of BUILTIN_ASSETS) {
      const args = asset.args('/out/x.tmp', FONT);
      expect(args).toEqual(asset.args('/out/x.tmp', FONT)); // pure
      expect(args.slice(0, QUIET_ARGS.length)).toEqual([...QUIET_ARGS]);
      expect(args.at(-1)).toBe('/out/x.tmp');
      expect(args.filter((arg) => arg === '/out/x.tmp')).toHaveLength(1);
      expect(args).not.toContain('-c'); // no `sh -c`
      // every input is a lavfi generator: nothing is read from disk or the network
      args.forEach((arg, i) => {
        if (arg === '-i') expect(args[i - 1]).toBe('lavfi');
      });
    }
  });

  it('music: 30 s-ish stereo 48 kHz AAC synthesised with aevalsrc', () => {
    for (const { args } of argsOf('music')) {
      const source = after(args, '-i');
      expect(source).toMatch(/^aevalsrc=.*:s=48000:d=(\d+)$/);
      expect(Number(/d=(\d+)$/.exec(source)?.[1])).toBeGreaterThanOrEqual(28);
      expect(source).toMatch(/sin\(2\*PI\*/);
      expect(after(args, '-c:a')).toBe('aac');
      expect(after(args, '-af')).toContain('channel_layouts=stereo');
      expect(args).not.toContain('-c:v');
    }
  });

  it('game videos: 20 s of 1080x960 at 30 fps, H.264 yuv420p ultrafast, no audio', () => {
    for (const { args } of argsOf('game-videos')) {
      expect(after(args, '-filter_complex')).toContain('scale=1080x960');
      expect(after(args, '-filter_complex')).toMatch(/format=yuv420p\[v\]$/);
      expect(after(args, '-map')).toBe('[v]');
      expect(after(args, '-t')).toBe('20');
      expect(after(args, '-r')).toBe('30');
      expect(after(args, '-c:v')).toBe('libx264');
      expect(after(args, '-preset')).toBe('ultrafast');
      expect(args).not.toContain('-c:a');
    }
  });

  it('meme hooks: 3 s of 1080x1920 H.264 with AAC sound and big text in the given font', () => {
    for (const { asset, args } of argsOf('meme-hooks')) {
      const graph = after(args, '-filter_complex');
      expect(graph).toContain('scale=1080:1920');
      expect(graph).toContain(`fontfile=${FONT}:`);
      expect(graph).toContain(`text='${asset.name.toUpperCase()}'`);
      expect(graph).toContain('format=yuv420p[v]');
      expect(args.filter((arg) => arg.startsWith('gradients=')).join()).toContain('r=30');
      expect(args.some((arg) => arg.startsWith('aevalsrc=') && arg.includes('s=48000'))).toBe(true);
      expect(after(args, '-t')).toBe('3');
      expect(after(args, '-c:v')).toBe('libx264');
      expect(after(args, '-c:a')).toBe('aac');
    }
  });
});

/** A built-in's file in `dir`. */
const fileIn = (dir: string, name: string) => {
  const asset = BUILTIN_ASSETS.find((item) => item.name === name);
  if (!asset) throw new Error(name);
  return path.join(dir, asset.kind, asset.file);
};

const MEME_HOOKS = BUILTIN_ASSETS.filter((asset) => asset.kind === 'meme-hooks');

/** Every built-in's file is in `<dir>/<kind>/`, and nothing else (no half-written file). */
async function expectEveryBuiltinIn(dir: string) {
  for (const kind of ASSET_KINDS) {
    const files = await readdir(path.join(dir, kind));
    expect(files.sort()).toEqual(
      BUILTIN_ASSETS.filter((asset) => asset.kind === kind)
        .map((asset) => asset.file)
        .sort(),
    );
  }
}

// The test set-up makes every built-in with ensureBuiltinAssets into TEST_ASSETS_DIR, a directory of the recipes'
// own version (test/helpers/test-assets.ts): what it made is checked here rather than made a second time.
describe('the built-ins as made', () => {
  const fileOf = (name: string) => fileIn(TEST_ASSETS_DIR, name);

  it('are all nine in <dir>/<kind>/, nothing half-written, and a second call makes nothing', async () => {
    await expectEveryBuiltinIn(TEST_ASSETS_DIR);
    expect(await ensureBuiltinAssets(TEST_ASSETS_DIR, TEST_TOOLS)).toEqual([]);
  });

  it('have the promised shapes', async () => {
    for (const asset of BUILTIN_ASSETS) {
      const probe = await probeMedia(fileOf(asset.name), TEST_TOOLS);
      if (asset.kind === 'music') {
        expect(probe.video).toBeUndefined();
        expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
        expect(probe.duration).toBeGreaterThan(28);
        expect(probe.duration).toBeLessThan(36);
      } else if (asset.kind === 'game-videos') {
        expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 960, fps: 30 });
        expect(probe.audio).toBeUndefined();
        expect(probe.duration).toBeCloseTo(20, 1);
      } else {
        expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920, fps: 30 });
        expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
        expect(probe.duration).toBeCloseTo(3, 1);
      }
    }
  });

  it('music is audible throughout and peaks below -1 dBFS', async () => {
    for (const asset of BUILTIN_ASSETS.filter((item) => item.kind === 'music')) {
      const { stderr } = await runProcess(TEST_TOOLS.ffmpeg, [
        '-hide_banner',
        '-nostats',
        '-i',
        fileOf(asset.name),
        '-af',
        'volumedetect,silencedetect=n=-45dB:d=0.5',
        '-f',
        'null',
        '-',
      ]);
      expect(Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])).toBeGreaterThan(-35);
      expect(Number(/max_volume: (-?[\d.]+) dB/.exec(stderr)?.[1])).toBeLessThan(-1);
      expect(stderr).not.toContain('silence_start');
    }
  });

  async function grayFrame(file: string, at: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await runProcess(
      TEST_TOOLS.ffmpeg,
      [
        ...['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1'],
        ...['-vf', 'scale=96:96,format=gray', '-f', 'rawvideo', '-'],
      ],
      { onStdoutData: (chunk) => chunks.push(chunk), maxStdoutBytes: 0 },
    );
    return Buffer.concat(chunks);
  }

  it('gameplay keeps moving and is not a blank screen', async () => {
    for (const asset of BUILTIN_ASSETS.filter((item) => item.kind === 'game-videos')) {
      const [early, late] = await Promise.all([grayFrame(fileOf(asset.name), 1), grayFrame(fileOf(asset.name), 10)]);
      expect(early.length).toBe(96 * 96);
      let changed = 0;
      for (let i = 0; i < early.length; i++) if (Math.abs(early[i] - late[i]) > 12) changed++;
      expect(changed / early.length, asset.name).toBeGreaterThan(0.02);
      const dark = early.filter((value) => value < 8).length;
      expect(dark / early.length, `${asset.name} is mostly black`).toBeLessThan(0.5);
    }
  });

  it('meme hooks pop in: the text grows between the first frame and the middle', async () => {
    const file = fileOf('No Way');
    const [start, middle] = await Promise.all([grayFrame(file, 0), grayFrame(file, 1.5)]);
    const bright = (frame: Buffer) => frame.filter((value) => value > 245).length;
    expect(bright(middle)).toBeGreaterThan(bright(start) * 2);
  });
});

// Making them: in a directory of the test's own that has all but the meme hooks in place (copied from the ones
// made), so only the cheapest recipes (3 s stingers) run here.
describe('ensureBuiltinAssets', () => {
  let dir: string;
  let made: string[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-builtin-'));
    for (const asset of BUILTIN_ASSETS.filter((item) => item.kind !== 'meme-hooks')) {
      await mkdir(path.join(dir, asset.kind), { recursive: true });
      await copyFile(fileIn(TEST_ASSETS_DIR, asset.name), fileIn(dir, asset.name));
    }
    const first = ensureBuiltinAssets(dir, TEST_TOOLS);
    expect(ensureBuiltinAssets(dir, TEST_TOOLS)).toBe(first); // concurrent callers share one run
    made = await first;
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fileOf = (name: string) => fileIn(dir, name);

  it('writes what is missing into <dir>/<kind>/, keeps what is in place, nothing half-written, and a second call makes nothing', async () => {
    expect(made).toEqual(MEME_HOOKS.map((asset) => fileOf(asset.name)));
    await expectEveryBuiltinIn(dir);
    const before = await stat(made[0]);
    expect(await ensureBuiltinAssets(dir, TEST_TOOLS)).toEqual([]);
    expect((await stat(made[0])).mtimeMs).toBe(before.mtimeMs);
    for (const asset of MEME_HOOKS)
      expect((await probeMedia(fileOf(asset.name), TEST_TOOLS)).video).toMatchObject({ width: 1080, height: 1920 });
  });

  it('remakes only what is missing, and an aborted run leaves no partial file', async () => {
    const missing = fileOf('Plot Twist');
    await rm(missing);
    const aborted = new AbortController();
    aborted.abort();
    await expect(ensureBuiltinAssets(dir, TEST_TOOLS, { signal: aborted.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(await readdir(path.join(dir, 'meme-hooks'))).not.toContain('Plot Twist.mp4');
    expect((await readdir(path.join(dir, 'meme-hooks'))).filter((file) => file.startsWith('.'))).toEqual([]);
    expect(await ensureBuiltinAssets(dir, TEST_TOOLS)).toEqual([missing]);
  });

  it('waits before each file it starts (the catalogue maker holds there while a job runs)', async () => {
    await rm(fileOf('Wait For It'));
    await rm(fileOf('No Way'));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const run = ensureBuiltinAssets(dir, TEST_TOOLS, {
      beforeEach: () => {
        asked++;
        return held;
      },
    });
    // it first finds the stinger font (a process, slow on a busy machine): wait until it asks, then hold it a while
    await waitFor('a file to be asked for', async () => (asked > 0 ? true : undefined), { intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await readdir(path.join(dir, 'meme-hooks'))).not.toContain('Wait For It.mp4');
    release();
    expect((await run).sort()).toEqual([fileOf('No Way'), fileOf('Wait For It')].sort());
    expect(asked).toBe(2);
  });

  it('lists a built-in not made yet from its recipe, and ensureBuiltinAsset makes that one file only', async () => {
    await rm(fileOf('Plot Twist'));
    await rm(fileOf('Wait For It'));
    const items = await catalogueItems(dir, 'meme-hooks', TEST_TOOLS);
    expect(items.map(({ name, made, duration }) => ({ name, made, duration }))).toEqual([
      { name: 'No Way', made: true, duration: expect.closeTo(3, 1) as number },
      { name: 'Plot Twist', made: false, duration: 3 },
      { name: 'Wait For It', made: false, duration: 3 },
    ]);
    const twist = BUILTIN_ASSETS.find((asset) => asset.name === 'Plot Twist')!;
    expect(await ensureBuiltinAsset(dir, twist, TEST_TOOLS)).toBe(true);
    expect(await ensureBuiltinAsset(dir, twist, TEST_TOOLS)).toBe(false);
    expect((await readdir(path.join(dir, 'meme-hooks'))).sort()).toEqual(['No Way.mp4', 'Plot Twist.mp4']);
    expect((await probeMedia(fileOf('Plot Twist'), TEST_TOOLS)).duration).toBeCloseTo(twist.seconds, 0);
    expect(await ensureBuiltinAssets(dir, TEST_TOOLS)).toEqual([fileOf('Wait For It')]);
  });

  it('finds an installed bold font for the stingers', async () => {
    const font = await stingerFont();
    expect((await stat(font)).size).toBeGreaterThan(0);
    expect(font).toMatch(/\.(otf|ttf)$/);
  });
});
