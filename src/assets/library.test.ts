import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../domain/errors.ts';
import { addAsset, assetNameProblem, listAssets, resolveAsset } from './library.ts';
import { copyMedia, notAVideo, patternClip, silentVideo, toneAudio } from '../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';

let fixtures: string;
let dir: string;
const media = {
  clip3: '',
  clip1: '',
  clip8: '',
  tone: '',
  silentVideo: '',
  text: '',
};

beforeAll(async () => {
  fixtures = await mkdtemp(path.join(os.tmpdir(), 'cf-library-src-'));
  // the catalogue's clips, small (160×120 at 15 fps, 48 kHz tone), under the names the library takes them by
  const small = { width: 160, height: 120, rate: 15, sampleRate: 48000 };
  [media.clip3, media.clip1, media.clip8, media.tone, media.silentVideo, media.text] = await Promise.all([
    copyMedia(patternClip({ ...small, seconds: 3 }), path.join(fixtures, 'Clip Three.mp4')),
    copyMedia(silentVideo({ ...small, seconds: 1 }), path.join(fixtures, 'one.mp4')),
    copyMedia(silentVideo({ ...small, seconds: 8 }), path.join(fixtures, 'eight.mp4')),
    copyMedia(toneAudio({ ...small, seconds: 2 }), path.join(fixtures, 'Tone.m4a')),
    copyMedia(silentVideo({ ...small, seconds: 3 }), path.join(fixtures, 'silent.mp4')),
    copyMedia(notAVideo(), path.join(fixtures, 'notes.mp4')),
  ]);
});
afterAll(async () => {
  await rm(fixtures, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-library-'));
});
async function place(kind: string, file: string, source: string) {
  await mkdir(path.join(dir, kind), { recursive: true });
  await copyFile(source, path.join(dir, kind, file));
}

describe('listAssets', () => {
  it('is empty for a missing catalogue', async () => {
    expect(await listAssets(dir, 'music', TEST_TOOLS)).toEqual([]);
  });

  it('lists media files sorted by name with their durations, leaving out other and hidden files', async () => {
    await place('music', 'b-side.m4a', media.tone);
    await place('music', 'Anthem.MP3', media.tone); // an extension in capitals still counts
    await place('music', 'Zed.wav', media.tone);
    await place('music', 'readme.txt', media.tone);
    await place('music', '.hidden.m4a', media.tone);
    const items = await listAssets(dir, 'music', TEST_TOOLS);
    expect(items.map((item) => item.name)).toEqual(['Anthem', 'Zed', 'b-side']);
    expect(items[0]).toMatchObject({ kind: 'music', path: path.join(dir, 'music', 'Anthem.MP3') });
    for (const item of items) expect(item.duration).toBeCloseTo(2, 0);
  });

  it('leaves out files that are not playable or do not fit the catalogue', async () => {
    await place('game-videos', 'Good.mp4', media.clip3);
    await place('game-videos', 'Broken.mp4', media.text);
    await place('game-videos', 'Only Sound.m4a', media.tone);
    expect((await listAssets(dir, 'game-videos', TEST_TOOLS)).map((item) => item.name)).toEqual(['Good']);
  });

  it('probes each file once, and again when the file changes', async () => {
    // the configured ffprobe, through a wrapper that notes each file it is asked about
    const asked = path.join(dir, 'asked.log');
    const wrapper = path.join(dir, 'ffprobe');
    await writeFile(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${asked}'\nexec '${TEST_TOOLS.ffprobe}' "$@"\n`, {
      mode: 0o755,
    });
    const tools = { ...TEST_TOOLS, ffprobe: wrapper };
    await place('meme-hooks', 'Hook.mp4', media.clip3);
    const file = path.join(dir, 'meme-hooks', 'Hook.mp4');
    const probes = async () =>
      (await readFile(asked, 'utf8').catch(() => '')).split('\n').filter((line) => line.includes(file)).length;
    expect((await listAssets(dir, 'meme-hooks', tools))[0].duration).toBeCloseTo(3, 0);
    await listAssets(dir, 'meme-hooks', tools);
    expect(await probes()).toBe(1);
    await copyFile(media.clip8, file);
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    expect((await listAssets(dir, 'meme-hooks', tools))[0].duration).toBeCloseTo(8, 0);
    expect(await probes()).toBe(2);
  });
});

describe('resolveAsset', () => {
  beforeEach(async () => {
    for (const name of ['Calm', 'Bright', 'Pulse']) await place('music', `${name}.m4a`, media.tone);
  });

  it('finds an exact, case-sensitive name', async () => {
    expect(await resolveAsset(dir, 'music', TEST_TOOLS, 'Calm')).toMatchObject({
      name: 'Calm',
      kind: 'music',
      path: path.join(dir, 'music', 'Calm.m4a'),
    });
    const error = await resolveAsset(dir, 'music', TEST_TOOLS, 'calm').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(
      /Unknown music name "calm" \(names are case-sensitive\); available: Bright, Calm, Pulse/,
    );
    await expect(resolveAsset(dir, 'music', TEST_TOOLS, 'Calm.m4a')).rejects.toThrow(/Unknown music name/);
    await expect(resolveAsset(dir, 'music', TEST_TOOLS, '')).rejects.toThrow(/Unknown music name/);
  });

  it('picks at random when no name is given', async () => {
    expect((await resolveAsset(dir, 'music', TEST_TOOLS, undefined, () => 0)).name).toBe('Bright');
    expect((await resolveAsset(dir, 'music', TEST_TOOLS, undefined, () => 0.5)).name).toBe('Calm');
    expect((await resolveAsset(dir, 'music', TEST_TOOLS, undefined, () => 0.999)).name).toBe('Pulse');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add((await resolveAsset(dir, 'music', TEST_TOOLS)).name);
    expect([...seen].every((name) => ['Bright', 'Calm', 'Pulse'].includes(name))).toBe(true);
  });

  it('explains an empty catalogue', async () => {
    const error = await resolveAsset(dir, 'game-videos', TEST_TOOLS, 'Anything').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(/game-videos catalogue is empty/);
    await expect(resolveAsset(dir, 'meme-hooks', TEST_TOOLS)).rejects.toThrow(/meme-hooks catalogue is empty/);
  });
});

describe('addAsset', () => {
  const rejects = async (promise: Promise<unknown>, message: RegExp) => {
    const error = await promise.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as Error).message).toMatch(message);
  };
  const leftovers = async (kind: string) => readdir(path.join(dir, kind)).catch(() => [] as string[]);

  it('copies a fitting file in under the given name, or its own, and lists it', async () => {
    const added = await addAsset(dir, 'meme-hooks', media.clip3, TEST_TOOLS, 'Big Reveal');
    expect(added).toMatchObject({
      name: 'Big Reveal',
      kind: 'meme-hooks',
      path: path.join(dir, 'meme-hooks', 'Big Reveal.mp4'),
    });
    expect(added.duration).toBeCloseTo(3, 0);
    expect((await addAsset(dir, 'music', media.tone, TEST_TOOLS)).path).toBe(path.join(dir, 'music', 'Tone.m4a'));
    expect((await addAsset(dir, 'game-videos', media.clip8, TEST_TOOLS)).name).toBe('eight');
    expect((await listAssets(dir, 'meme-hooks', TEST_TOOLS)).map((item) => item.name)).toEqual(['Big Reveal']);
    expect((await resolveAsset(dir, 'music', TEST_TOOLS, 'Tone')).duration).toBeCloseTo(2, 0);
    expect(await leftovers('meme-hooks')).toEqual(['Big Reveal.mp4']);
  });

  it('refuses a name already taken, even by a different file type', async () => {
    await addAsset(dir, 'meme-hooks', media.clip3, TEST_TOOLS, 'Hook');
    await rejects(addAsset(dir, 'meme-hooks', media.clip3, TEST_TOOLS, 'Hook'), /meme-hooks catalogue already has "Hook"/);
    await place('music', 'Tone.wav', media.text); // unplayable, but the name is in use
    await rejects(addAsset(dir, 'music', media.tone, TEST_TOOLS), /already has "Tone"/);
    expect(await addAsset(dir, 'meme-hooks', media.clip3, TEST_TOOLS, 'hook')).toMatchObject({ name: 'hook' });
  });

  it('refuses names that are not plain file names', async () => {
    for (const [name, reason] of [
      ['../escape', /may not contain \/ or \\/],
      ['a/b', /may not contain \/ or \\/],
      ['a\\b', /may not contain \/ or \\/],
      ['.hidden', /may not start with a dot/],
      ['bell\u0007', /control characters/],
      ['new\nline', /control characters/],
      ['  ', /empty/],
    ] as const) {
      await rejects(addAsset(dir, 'meme-hooks', media.clip3, TEST_TOOLS, name), reason);
      expect(assetNameProblem(name)).toBeDefined();
    }
    expect(assetNameProblem('Epic Drop 2 (remix)')).toBeUndefined();
    expect(await leftovers('meme-hooks')).toEqual([]);
  });

  it('refuses files that are not media or do not fit the catalogue', async () => {
    await rejects(addAsset(dir, 'game-videos', media.text, TEST_TOOLS), /not a readable media file/);
    await rejects(addAsset(dir, 'game-videos', path.join(fixtures, 'missing.mp4'), TEST_TOOLS), /not a readable media file/);
    const renamed = path.join(fixtures, 'clip.txt');
    await copyFile(media.clip3, renamed);
    await rejects(addAsset(dir, 'game-videos', renamed, TEST_TOOLS), /must end in one of \.mp4/);
    await rejects(addAsset(dir, 'game-videos', media.tone, TEST_TOOLS), /need a video stream/);
    await rejects(addAsset(dir, 'meme-hooks', media.tone, TEST_TOOLS), /need a video stream/);
    await rejects(addAsset(dir, 'music', media.silentVideo, TEST_TOOLS), /music needs an audio stream/);
    await rejects(addAsset(dir, 'meme-hooks', media.clip1, TEST_TOOLS), /a meme hook lasts 2–5 s \(this one 1\.0 s\)/);
    await rejects(addAsset(dir, 'meme-hooks', media.clip8, TEST_TOOLS), /a meme hook lasts 2–5 s \(this one 8\.0 s\)/);
    for (const kind of ['game-videos', 'meme-hooks', 'music']) expect(await leftovers(kind)).toEqual([]);
  });
});
