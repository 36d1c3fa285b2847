import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dominantTopic } from '../src/eval/relevance.ts';
import { probeMedia } from '../src/media/probe.ts';
import { runProcess } from '../src/media/process.ts';
import type { ClipManifest } from '../src/cli/clip.ts';
import { maxShortCount } from '../src/pipeline/highlights/candidates.ts';
import { LENGTH_BANDS } from '../src/domain/options.ts';
import type { GeneratedSample } from '../src/sample/generate.ts';
import { truthToWordsJson } from '../src/sample/transcript-files.ts';
import { clipWithTranscript } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { TEST_TOOLS } from './helpers/tools.ts';

// Issue acceptance on the generated 3-minute sample, fed its ground-truth transcript so that caption timing is
// tested independently of any recogniser.

const SHORT_FIELDS = [
  'id',
  'title',
  'description',
  'reason',
  'viral_score',
  'video_url',
  'startTimestamp',
  'endTimestamp',
  'duration',
  'width',
  'height',
  'sentenceIndexes',
  'recompiling',
  'error',
  'errorMessage',
  'thumbnail_url',
  'captions',
  'sha256',
  'bytes',
  'expires_at',
].sort();

function dialogueStarts(ass: string): number[] {
  return ass
    .split('\n')
    .filter((line) => line.startsWith('Dialogue:'))
    .map((line) => {
      const [h, m, s] = line.split(',')[1].split(':').map(Number);
      return h * 3600 + m * 60 + s;
    });
}

describe('clipforge clip on the generated sample talk', () => {
  let sample: GeneratedSample;
  let dir: string;
  let manifest: ClipManifest;

  beforeAll(async () => {
    sample = await cachedSample(SHARED_SAMPLES.talk180);
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-pipeline-'));
    const transcript = path.join(dir, 'truth.words.json');
    await writeFile(transcript, truthToWordsJson(sample.truth));
    manifest = await clipWithTranscript(sample.videoPath, transcript, path.join(dir, 'out'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes one short per good story, at most one per 45 s, each with exactly the API Short fields', async () => {
    expect(manifest.shorts.length).toBeGreaterThanOrEqual(1);
    expect(manifest.shorts.length).toBeLessThanOrEqual(maxShortCount(sample.truth.duration));
    for (const short of manifest.shorts) expect(Object.keys(short).sort()).toEqual(SHORT_FIELDS);
    const written = JSON.parse(
      await readFile(path.join(dir, 'out', 'manifest.json'), 'utf8'),
    ) as ClipManifest;
    expect(written.shorts.map((s) => s.id)).toEqual(manifest.shorts.map((s) => s.id));
  });

  it('starts every short just before a sentence and ends it just after one, inside the length band', () => {
    const band = LENGTH_BANDS.under60sec;
    for (const short of manifest.shorts) {
      // a small lead-in before the first word and a tail after the last (~0.15 s and ~0.25 s), inside the pauses
      const lead = sample.truth.sentences.map((s) => s.start - short.startTimestamp);
      const tail = sample.truth.sentences.map((s) => short.endTimestamp - s.end);
      expect(lead.some((seconds) => seconds > 0.03 && seconds < 0.35)).toBe(true);
      expect(tail.some((seconds) => seconds > 0.03 && seconds < 0.5)).toBe(true);
      expect(short.endTimestamp - short.startTimestamp).toBeGreaterThanOrEqual(band.min);
      expect(short.endTimestamp - short.startTimestamp).toBeLessThanOrEqual(band.max);
      expect(Math.abs(short.duration - (short.endTimestamp - short.startTimestamp))).toBeLessThan(0.15);
    }
  });

  it('renders 1080×1920 H.264 with audio', async () => {
    for (const short of manifest.shorts) {
      const probe = await probeMedia(fileURLToPath(short.video_url), TEST_TOOLS);
      expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920 });
      expect(Math.round(probe.video?.fps ?? 0)).toBe(30);
      expect(probe.audio?.codec).toBe('aac');
      expect(short).toMatchObject({ width: 1080, height: 1920 });
      const { stdout } = await runProcess('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=pix_fmt',
        '-of',
        'csv=p=0',
        fileURLToPath(short.video_url),
      ]);
      expect(stdout.trim()).toBe('yuv420p');
    }
  });

  it('times every caption word within ±100 ms of the spoken word', async () => {
    for (const short of manifest.shorts) {
      const assPath = fileURLToPath(short.video_url).replace(/\.mp4$/, '.ass');
      const starts = dialogueStarts(await readFile(assPath, 'utf8'));
      const spoken = sample.truth.words.filter(
        (w) => w.start >= short.startTimestamp - 0.01 && w.end <= short.endTimestamp + 0.01,
      );
      expect(starts.length).toBe(spoken.length);
      spoken.forEach((word, index) => {
        expect(Math.abs(starts[index] - (word.start - short.startTimestamp))).toBeLessThanOrEqual(0.1);
      });
    }
  });

  it('never ranks the filler or the sponsor read in the top half', () => {
    const topHalf = manifest.shorts.slice(0, Math.ceil(manifest.shorts.length / 2));
    for (const short of topHalf) {
      const topic = dominantTopic(
        { start: short.startTimestamp, end: short.endTimestamp },
        sample.truth.topics,
      );
      expect(topic?.kind).toBe('content');
    }
  });
});
