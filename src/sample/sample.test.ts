import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatSamples, readWavSamples } from '../media/wav.ts';
import { loudnessEnvelope } from '../pipeline/structure/acoustics.ts';
import { extractAudio } from '../media/audio.ts';
import { probeMedia } from '../media/probe.ts';
import { faceCenterAt, generateSampleTalk, passageOrder, type GeneratedSample } from './generate.ts';
import { trimSilence } from './speech.ts';
import { truthToSrt, truthToWordsJson } from './transcript-files.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';

let dir: string;
let sample: GeneratedSample;

/** A minute's talk, small, into this file's directory (the generator caches it there). */
const smallTalk = () =>
  generateSampleTalk({
    tools: TEST_TOOLS,
    durationSeconds: 60,
    width: 320,
    height: 180,
    outDir: dir,
    seed: 1,
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-sample-'));
  sample = await smallTalk();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('generateSampleTalk', () => {
  it('writes a video whose length matches its ground truth', async () => {
    const probe = await probeMedia(sample.videoPath, TEST_TOOLS);
    expect(probe.video).toMatchObject({ width: 320, height: 180 });
    expect(probe.audio).toBeDefined();
    expect(Math.abs(probe.duration - sample.truth.duration)).toBeLessThan(0.15);
    expect(sample.truth.duration).toBeGreaterThan(55);
    expect(sample.truth.duration).toBeLessThan(70);
  });

  it('records ordered topics closed by an outro, spoken by two voices', () => {
    const { topics, sentences, voices } = sample.truth;
    expect(voices).toHaveLength(2);
    // a minute holds the first topic and the outro; housekeeping comes next when there is room for it
    const kinds = topics.map((t) => t.kind);
    expect(kinds[0]).toBe('content');
    expect(kinds.at(-1)).toBe('outro');
    expect(kinds.slice(1, -1).every((kind) => kind === 'filler')).toBe(true);
    for (let i = 1; i < topics.length; i++) expect(topics[i].start).toBeGreaterThan(topics[i - 1].end);
    for (const sentence of sentences) {
      const topic = topics.find((t) => t.id === sentence.topicId)!;
      expect(sentence.start).toBeGreaterThanOrEqual(topic.start);
      expect(sentence.end).toBeLessThanOrEqual(topic.end);
    }
    expect(sample.truth.sceneCuts).toHaveLength(topics.length - 1);
  });

  it('times every word exactly: sound inside words, silence in the gaps', async () => {
    const wav = path.join(dir, 'audio.wav');
    await extractAudio(sample.videoPath, 0, sample.truth.duration, wav, TEST_TOOLS);
    const { samples, sampleRate } = await readWavSamples(wav);
    const { db, stepSeconds } = loudnessEnvelope(floatSamples(samples), sampleRate);
    const level = (from: number, to: number) => {
      const slice = db.slice(Math.ceil(from / stepSeconds), Math.floor(to / stepSeconds));
      return slice.length ? 10 ** (Math.max(...slice) / 20) : 0;
    };
    const words = sample.truth.words;
    let loudWords = 0;
    for (const word of words) if (level(word.start, word.end) > 0.02) loudWords++;
    expect(loudWords / words.length).toBeGreaterThan(0.98);
    for (let i = 1; i < words.length; i++) {
      const gap = words[i].start - words[i - 1].end;
      if (gap > 0.15) expect(level(words[i - 1].end + 0.04, words[i].start - 0.04)).toBeLessThan(0.01);
    }
  });

  it('moves the face inside the frame and jumps at scene cuts', () => {
    const { faceTrack, sceneCuts, width, height } = sample.truth;
    for (const point of faceTrack) {
      expect(point.x).toBeGreaterThan(0);
      expect(point.x).toBeLessThan(width);
      expect(point.y).toBeGreaterThan(0);
      expect(point.y).toBeLessThan(height);
    }
    const cut = sceneCuts[0];
    const before = faceCenterAt(sample.truth, cut - 0.01);
    const after = faceCenterAt(sample.truth, cut + 0.01);
    expect(Math.abs(after.x - before.x)).toBeGreaterThan(width * 0.1);
  });

  it('runs the configured ffmpeg, not the one on PATH', async () => {
    const elsewhere = path.join(dir, 'no-ffmpeg-here', 'ffmpeg');
    const made = generateSampleTalk({
      tools: { ffmpeg: elsewhere },
      durationSeconds: 20,
      width: 320,
      height: 180,
      outDir: path.join(dir, 'configured'),
      seed: 1,
    });
    await expect(made).rejects.toThrow(`${elsewhere} is not installed`);
  });

  it('is cached and deterministic', async () => {
    const again = await smallTalk();
    expect(again.truth).toEqual(sample.truth);
    expect(passageOrder(1).map((p) => p.id)).toEqual(passageOrder(1).map((p) => p.id));
    expect(passageOrder(1).map((p) => p.id)).not.toEqual(passageOrder(2).map((p) => p.id));
    expect(passageOrder(3)[1].kind).toBe('filler');
    expect(passageOrder(3)[4].kind).toBe('sponsor');
  });

  it('varies the pauses between sentences and between passages', () => {
    const { sentences, topics } = sample.truth;
    const gaps = sentences
      .slice(1)
      .map((s, i) => ({ gap: s.start - sentences[i].end, same: s.topicId === sentences[i].topicId }));
    const sentenceGaps = gaps.filter((g) => g.same).map((g) => g.gap);
    expect(sentenceGaps.length).toBeGreaterThan(3);
    for (const gap of sentenceGaps) {
      expect(gap).toBeGreaterThanOrEqual(0.3);
      expect(gap).toBeLessThanOrEqual(0.9);
    }
    expect(Math.max(...sentenceGaps) - Math.min(...sentenceGaps)).toBeGreaterThan(0.2);
    for (let i = 1; i < topics.length; i++) expect(topics[i].start - topics[i - 1].end).toBeGreaterThan(1);
  });

  it('exports its truth as transcript files', () => {
    expect(truthToSrt(sample.truth)).toMatch(/^1\n00:00:00,\d{3} --> /);
    expect(JSON.parse(truthToWordsJson(sample.truth)).words).toHaveLength(sample.truth.words.length);
  });
});

describe('trimSilence', () => {
  it('keeps the sounding part with a small margin', () => {
    const samples = new Int16Array(2000);
    samples.fill(5000, 1000, 1100);
    const trimmed = trimSilence(samples);
    expect(trimmed.length).toBeGreaterThanOrEqual(100);
    expect(trimmed.length).toBeLessThan(600);
    expect(trimSilence(new Int16Array(100)).length).toBe(0);
  });
});

describe('a talk over a music bed and room tone', () => {
  it('never falls silent: its pauses lie 15–20 dB under the speech', async () => {
    const noisy = await generateSampleTalk({
      tools: TEST_TOOLS,
      durationSeconds: 40,
      width: 320,
      height: 180,
      outDir: dir,
      seed: 3,
      background: 'music-and-room',
      name: 'noisy',
    });
    expect(noisy.truth.background).toBe('music-and-room');
    const wav = path.join(dir, 'noisy.wav');
    await extractAudio(noisy.videoPath, 0, noisy.truth.duration, wav, TEST_TOOLS);
    const { samples, sampleRate } = await readWavSamples(wav);
    const { db, stepSeconds } = loudnessEnvelope(floatSamples(samples), sampleRate, 0.1);
    const inWords = (t: number) => noisy.truth.words.some((w) => t >= w.start && t + stepSeconds <= w.end);
    const inPause = (t: number) =>
      noisy.truth.sentences.some(
        (s, i, all) => i > 0 && t > all[i - 1].end + 0.05 && t + stepSeconds < s.start - 0.05,
      );
    const power = (values: number[]) =>
      10 * Math.log10(values.reduce((sum, v) => sum + 10 ** (v / 10), 0) / values.length);
    const speech = power(db.filter((_, i) => inWords(i * stepSeconds)));
    const pauses = db.filter((_, i) => inPause(i * stepSeconds));
    expect(pauses.length).toBeGreaterThan(5);
    const under = speech - power(pauses);
    expect(under).toBeGreaterThan(14);
    expect(under).toBeLessThan(21);
    expect(Math.min(...pauses)).toBeGreaterThan(speech - 30);
  });
});
