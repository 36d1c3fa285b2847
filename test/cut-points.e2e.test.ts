import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipManifest } from '../src/cli/clip.ts';
import { LOUDNESS_TARGET, measureLoudness } from '../src/media/loudness.ts';
import { probeMedia } from '../src/media/probe.ts';
import { runProcess } from '../src/media/process.ts';
import { TEST_TOOLS } from './helpers/tools.ts';
import type { GeneratedSample } from '../src/sample/generate.ts';
import { runClipforge } from './helpers/cli.ts';
import { cachedMedia, copyMedia, patternOver } from './helpers/media.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { TEST_ASSETS_DIR } from './helpers/test-assets.ts';

// Issue acceptance: cut points come from the audio, so a short of a talk the offline recogniser mishears still
// starts and ends on whole sentences — over a music bed and room tone too. And a whole-range request on a
// window with no speech gives one short without captions instead of failing. Every short, music mixed in or
// not, plays at −14 LUFS with its true peak under −1 dBTP (ffmpeg's ebur128 measures the finished file).

const TOLERANCE = 0.5;
const MUSIC = path.join(TEST_ASSETS_DIR, 'music', 'Lo-Fi Pulse.m4a');

async function clip(args: string[], out: string): Promise<ClipManifest> {
  const result = await runClipforge(['clip', ...args, '--layout', 'fill', '--out', out, '--json']);
  expect(result.stderr).not.toMatch(/Failed:/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ClipManifest;
}

function expectWholeSentences(manifest: ClipManifest, sample: GeneratedSample) {
  expect(manifest.shorts.length).toBeGreaterThanOrEqual(1);
  const { sentences } = sample.truth;
  for (const short of manifest.shorts) {
    const start = Math.min(...sentences.map((s) => Math.abs(s.start - short.startTimestamp)));
    const end = Math.min(...sentences.map((s) => Math.abs(s.end - short.endTimestamp)));
    expect(start).toBeLessThanOrEqual(TOLERANCE);
    expect(end).toBeLessThanOrEqual(TOLERANCE);
    // no word is cut: every word is wholly inside the short or wholly outside it
    for (const word of sample.truth.words) {
      const inside = word.start >= short.startTimestamp && word.end <= short.endTimestamp;
      const outside = word.end <= short.startTimestamp || word.start >= short.endTimestamp;
      expect(inside || outside).toBe(true);
    }
  }
}

async function streamDurations(file: string): Promise<{ video: number; audio: number }> {
  const { stdout } = await runProcess(TEST_TOOLS.ffprobe, [
    ...['-v', 'error', '-show_entries', 'stream=codec_type,duration', '-of', 'json', file],
  ]);
  const { streams } = JSON.parse(stdout) as { streams: { codec_type: string; duration: string }[] };
  const of = (type: string) => Number(streams.find((stream) => stream.codec_type === type)?.duration);
  return { video: of('video'), audio: of('audio') };
}

async function expectNormalisedLoudness(manifest: ClipManifest) {
  for (const short of manifest.shorts) {
    const loudness = await measureLoudness(fileURLToPath(short.video_url), TEST_TOOLS);
    expect(Math.abs(loudness.integrated - LOUDNESS_TARGET.integrated)).toBeLessThanOrEqual(1);
    expect(loudness.truePeak).toBeLessThanOrEqual(LOUDNESS_TARGET.truePeak);
  }
}

describe('cut points with the offline recogniser', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-cuts-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a clean talk, with music mixed in', 'silence', ['--music', '--music-volume', '60']],
    ['a talk over a music bed and room tone', 'music-and-room', []],
  ] as const)(
    'starts and ends every short of %s within 0.5 s of true sentence edges, at −14 LUFS',
    async (_label, background, overlay) => {
      const sample = await cachedSample({
        durationSeconds: 120,
        width: 640,
        height: 360,
        seed: 5,
        background,
      });
      const manifest = await clip(
        [sample.videoPath, '--engine', 'pocketsphinx', ...overlay],
        path.join(dir, background),
      );
      expect(manifest.transcriber).toBe('pocketsphinx');
      expectWholeSentences(manifest, sample);
      await expectNormalisedLoudness(manifest);
    },
  );

  // a recorder's silent first track (an empty desktop-audio track beside the microphone's, say): a player plays the
  // track marked default, and so must every step of the job, from the transcript to the short's sound
  it.each([
    ['straight from the source', []],
    ['with its pauses tightened', ['--trim-pauses']],
  ])('hears the audio track a player plays, not a silent first one, %s', async (label, extra) => {
    const sample = await cachedSample(SHARED_SAMPLES.small40);
    const video = await cachedMedia('talk-behind-a-silent-track', {
      ffmpeg: [
        ...['-i', sample.videoPath, '-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo'],
        ...['-map', '0:v', '-map', '1:a', '-map', '0:a', '-shortest', '-c:v', 'copy', '-c:a', 'aac'],
        ...['-disposition:a:0', '0', '-disposition:a:1', 'default'],
      ],
      ext: 'mp4',
    });
    const manifest = await clip(
      [video, '--engine', 'pocketsphinx', '--end', '30', ...extra],
      path.join(dir, `second-track-${label.split(' ')[0]}`),
    );
    expect(manifest.sentences.length).toBeGreaterThan(0);
    expect(manifest.shorts.every((short) => short.sentenceIndexes.length > 0)).toBe(true);
    await expectNormalisedLoudness(manifest);
  });

  // a transport stream (a camcorder's .mts, a stream recording) has no keyframe index: cut from it as it is, a
  // short opened on a still picture until the next keyframe, and its picture ran on past its sound
  it('cuts a short from a transport stream on the frame, its picture as long as its sound', async () => {
    const sample = await cachedSample(SHARED_SAMPLES.small40);
    const video = await cachedMedia('talk-as-transport-stream', {
      ffmpeg: [
        ...['-i', sample.videoPath, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '300'],
        ...['-c:a', 'aac', '-f', 'mpegts'],
      ],
      ext: 'ts',
    });
    const manifest = await clip(
      [video, '--engine', 'pocketsphinx', '--start', '15', '--end', '38'],
      path.join(dir, 'transport-stream'),
    );
    expectWholeSentences(manifest, sample);
    for (const short of manifest.shorts) {
      const streams = await streamDurations(fileURLToPath(short.video_url));
      const length = short.endTimestamp - short.startTimestamp;
      expect(Math.abs(streams.video - length), 'picture').toBeLessThanOrEqual(0.1);
      expect(Math.abs(streams.audio - length), 'sound').toBeLessThanOrEqual(0.1);
    }
  });

  it.each([
    ['a music loop', 'music'],
    ['ambient noise', 'anoisesrc=color=brown:amplitude=0.05:duration=8'],
    ['digital silence', 'anullsrc=r=48000:cl=stereo'],
  ])(
    'makes the whole window of %s one short without captions when asked for no clipping',
    async (label, audio) => {
      const video = path.join(dir, `${label.replace(/\s/g, '-')}.mp4`);
      await copyMedia(patternOver(audio === 'music' ? { loop: MUSIC } : audio, 8), video);
      const manifest = await clip(
        [video, '--engine', 'pocketsphinx', '--no-clipping'],
        path.join(dir, label),
      );
      expect(manifest.shorts).toHaveLength(1);
      const [short] = manifest.shorts;
      expect(short.startTimestamp).toBe(0);
      expect(short.endTimestamp).toBeGreaterThan(7.5);
      const probe = await probeMedia(fileURLToPath(short.video_url), TEST_TOOLS);
      expect(probe.duration).toBeGreaterThan(7.5);
      if (label === 'digital silence') {
        // nothing to normalise: the short keeps its silence rather than failing
        const loudness = await measureLoudness(fileURLToPath(short.video_url), TEST_TOOLS);
        expect(loudness.integrated).toBeLessThan(-69);
      } else await expectNormalisedLoudness(manifest);
      if (manifest.sentences.length === 0) {
        expect(short.sentenceIndexes).toEqual([]);
        const srt = await readFile(fileURLToPath(short.video_url).replace(/\.mp4$/, '.srt'), 'utf8');
        expect(srt.trim()).toBe('');
      }
    },
  );
});
