import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { planSpeechChunks } from '../../pipeline/transcribe/chunks.ts';
import { transcribe, type TranscribeRequest } from '../../pipeline/transcribe/index.ts';
import type { SpeechLayout } from '../../pipeline/structure/sentences.ts';
import { copyMedia, pinkNoise } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { tinyWhisperModel } from '../../../test/helpers/tiny-whisper-model.ts';
import { findWhisperModel } from '../models.ts';

// whisper.cpp itself, through the binding every `auto` user gets, on a generated model of whisper's real layout
// (random weights: the words are noise, their structure is what is checked).

const MODEL = 'tiny.en';
let dir: string;
let modelsDir: string;
let wav: string;
const DURATION = 60;
// speech heard in four stretches; the last is longer than whisper's 30 s window and is split
const regions = [
  { start: 1, end: 7 },
  { start: 9.5, end: 14 },
  { start: 16, end: 19 },
  { start: 21, end: 58 },
];
function layoutOf(heard: readonly { start: number; end: number }[]): SpeechLayout {
  return {
    regions: heard,
    pauses: heard
      .slice(1)
      .map((r, i) => ({ start: heard[i].end, end: r.start, duration: r.start - heard[i].end })),
  };
}
const layout = layoutOf(regions);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-whisper-model-'));
  modelsDir = path.join(dir, 'models');
  await mkdir(modelsDir);
  await writeFile(path.join(modelsDir, findWhisperModel(MODEL)!.file), tinyWhisperModel());
  wav = path.join(dir, 'talk.wav');
  // a minute of pink noise: whisper hears something in it, the VAD layout above says where
  await copyMedia(pinkNoise(DURATION), wav);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function request(overrides: Partial<TranscribeRequest> = {}) {
  const lines: string[] = [];
  const req: TranscribeRequest = {
    wavPath: wav,
    duration: DURATION,
    language: 'en',
    engine: 'whisper',
    signal: new AbortController().signal,
    log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) },
    modelsDir,
    whisperModel: MODEL,
    concurrency: 2,
    tools: TEST_TOOLS,
    layout,
    ...overrides,
  };
  return { req, lines };
}

describe('whisper.cpp on a generated model', () => {
  it('transcribes the speech chunks into ordered words inside them, with progress', async () => {
    const progress: number[] = [];
    const started = performance.now();
    const transcript = await transcribe(request({ onProgress: (f) => progress.push(f) }).req);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `whisper, tiny generated model: ${DURATION} s of audio loaded and transcribed in ${seconds.toFixed(2)} s`,
    );
    expect(transcript.engine).toBe('whisper');
    const chunks = planSpeechChunks(regions, DURATION);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    const words = transcript.words;
    expect(words.length).toBeGreaterThan(0);
    for (const [i, word] of words.entries()) {
      expect(word.text.trim()).not.toBe('');
      expect(word.start).toBeGreaterThanOrEqual(0);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      expect(word.end).toBeLessThanOrEqual(DURATION);
      if (i > 0) expect(word.start).toBeGreaterThanOrEqual(words[i - 1].start);
      // each word lies in one of the chunks whisper was given
      expect(chunks.some((c) => word.start >= c.start - 1e-6 && word.end <= c.end + 1e-6)).toBe(true);
    }
    expect(progress.length).toBeGreaterThan(chunks.length);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] - 1e-9);
    expect(progress.at(-1)).toBeCloseTo(1);
  });

  it('releases the model after every run', async () => {
    // each context holds about 120 MB of compute buffers besides the weights: kept contexts would show
    const short = layoutOf(regions.slice(0, 1));
    await transcribe(request({ layout: short }).req);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 3; i++) await transcribe(request({ layout: short }).req);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('stops at an abort mid-run without transcribing the rest, leaving nothing running', async () => {
    // chunk files go under the temporary folder: this run's own, to see that none is left
    const tmp = path.join(dir, 'tmp');
    await mkdir(tmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    onTestFinished(() => {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    });
    const controller = new AbortController();
    let abortedAt = 0;
    const progress: number[] = [];
    const run = transcribe(
      request({
        signal: controller.signal,
        onProgress: (fraction) => {
          progress.push(fraction);
          // abort inside the second chunk
          if (fraction > 0.15 && !abortedAt) {
            abortedAt = performance.now();
            controller.abort(new Error('cancelled by the test'));
          }
        },
      }).req,
    );
    await expect(run).rejects.toThrow('cancelled by the test');
    expect(abortedAt).toBeGreaterThan(0);
    const stopSeconds = (performance.now() - abortedAt) / 1000;
    console.log(`whisper: transcription stopped ${stopSeconds.toFixed(3)} s after the abort`);
    // answered at once, not once the chunks after it were transcribed (no wall-clock bound: CI may be busy)
    expect(Math.max(...progress)).toBeLessThan(0.9);
    // the native run of the chunk in hand ends by itself: this process goes idle (a generous poll)
    let idle = false;
    for (let i = 0; i < 20 && !idle; i++) {
      const cpu = process.cpuUsage();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const used = process.cpuUsage(cpu);
      idle = (used.user + used.system) / 1000 < 150;
    }
    expect(idle).toBe(true);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('is what auto chooses when the model is on disk, not pocketsphinx', async () => {
    const { req, lines } = request({ engine: 'auto', layout: layoutOf(regions.slice(0, 1)) });
    const transcript = await transcribe(req);
    expect(transcript.engine).toBe('whisper');
    expect(lines).toContain(`Transcribing with whisper.cpp (model ${MODEL})`);
  });

  it('names the file and the fix when a model fails to load', async () => {
    const broken = path.join(dir, 'broken-models');
    await mkdir(broken);
    const file = path.join(broken, findWhisperModel(MODEL)!.file);
    await writeFile(file, await readFile(path.join(modelsDir, findWhisperModel(MODEL)!.file)));
    await truncate(file, 3_000_000);
    await expect(transcribe(request({ modelsDir: broken }).req)).rejects.toThrow(
      `Whisper model file ${file} could not be loaded (Failed to initialize whisper context); it may be damaged or incomplete: delete it and run \`clipforge models pull ${MODEL}\``,
    );
  });
});
