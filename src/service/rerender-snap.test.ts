import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import type { Transcript } from '../domain/transcript.ts';
import { extractAudio } from '../media/audio.ts';
import { insideAWord } from '../pipeline/cut-snap.ts';
import { analyseVoice, type VoiceAnalysis } from '../pipeline/structure/voice.ts';
import { transcribe } from '../pipeline/transcribe/index.ts';
import type { GeneratedSample } from '../sample/generate.ts';
import { seededRandom } from '../sample/random.ts';
import { cachedSample, SHARED_SAMPLES } from '../../test/helpers/sample-cache.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { RerenderBody } from './rerender-options.ts';
import { planRerender } from './rerender-plan.ts';
import { validate } from './validate.ts';

// Issue 21: the new bounds of a re-render never cut a word. A generated talk is analysed as its job does it (voice
// activity, then the offline recogniser, whose word edges miss the true ones by tens of milliseconds and by more
// where it mishears); 100 random edits are planned as the API and the CLI plan them, and every bound is checked
// against the words the talk really speaks (the generator's truth).

let dir: string;
let sample: GeneratedSample;
let transcript: Transcript;
let voice: VoiceAnalysis;
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-rerender-snap-'));
  sample = await cachedSample(SHARED_SAMPLES.small40);
  const wavPath = path.join(dir, 'audio.wav');
  const { duration } = sample.truth;
  await extractAudio(sample.videoPath, 0, duration, wavPath, TEST_TOOLS, { signal });
  voice = await analyseVoice(wavPath, signal);
  transcript = await transcribe({
    wavPath,
    duration,
    language: 'en',
    engine: 'pocketsphinx',
    signal,
    log: { info: () => undefined, warn: () => undefined },
    modelsDir: dir,
    whisperModel: 'base.en',
    concurrency: 1,
    tools: TEST_TOOLS,
    layout: voice.activity,
  });
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the bounds of a re-render', () => {
  it('fall inside no word over 100 random edits of a generated talk', () => {
    const { duration, words } = sample.truth;
    const window = { start: 0, end: duration };
    const short = {
      id: 'a'.repeat(24),
      rank: 0,
      ...{
        start: 5,
        end: 30,
        sentenceIndexes: [0],
        title: 'T',
        description: 'D',
        reason: 'R',
        viralScore: 50,
      },
    };
    const random = seededRandom(21);
    const cuts: number[] = [];
    for (let edit = 0; edit < 100; edit++) {
      const [start, end] = [random() * duration, random() * duration].sort((a, b) => a - b);
      const body = validate(RerenderBody, { start, end }, 'body');
      const { snapped } = planRerender(body, short, window, DEFAULT_CLIP_OPTIONS, { transcript, voice });
      cuts.push(snapped.start, snapped.end);
    }
    expect(transcript.words.length).toBeGreaterThan(30);
    expect(cuts.filter((cut) => insideAWord(words, cut))).toEqual([]);
  });
});
