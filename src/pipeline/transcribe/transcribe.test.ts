import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptionEngine } from '../../engines/transcription/engine.ts';
import {
  balancedChunkSeconds,
  parseSilences,
  planChunks,
  planSpeechChunks,
  transcribeChunks,
  transcribeInChunks,
} from './chunks.ts';
import { probeMedia } from '../../media/probe.ts';
import { loadTranscriptFile, parseJsonWords, parseSubtitles, parseTimestamp } from './files.ts';
import { copyMedia, toneWithPauses } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';

const w = (text: string, start: number, end: number) => ({ text, start, end });

describe('transcript files', () => {
  it('reads timestamps in every form', () => {
    expect(parseTimestamp('01:02:03,456')).toBeCloseTo(3723.456);
    expect(parseTimestamp('02:03.5')).toBeCloseTo(123.5);
  });

  it('spreads SRT cue words over the cue by length', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:03,000\nab abcdef\n\n2\n00:00:04,000 --> 00:00:05,000\n<i>Hi</i>\n';
    expect(parseSubtitles(srt)).toEqual([
      { ...w('ab', 1, 1.5), span: { start: 1, end: 3 } },
      { ...w('abcdef', 1.5, 3), span: { start: 1, end: 3 } },
      { ...w('Hi', 4, 5), span: { start: 4, end: 5 } },
    ]);
  });

  it('uses the word timings of YouTube auto captions once, despite rolling cues', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.500 --> 00:00:02.000',
      'hello<00:00:00.900><c> there</c><00:00:01.400><c> world</c>',
      '',
      '00:00:02.000 --> 00:00:02.010',
      'hello there world',
      '',
      '00:00:02.010 --> 00:00:04.000',
      'hello there world',
      'again<00:00:02.600><c> friends</c>',
    ].join('\n');
    const words = parseSubtitles(vtt);
    expect(words.map((x) => x.text)).toEqual(['hello', 'there', 'world', 'again', 'friends']);
    expect(words[1]).toEqual(w('there', 0.9, 1.4));
    expect(words[4].start).toBeCloseTo(2.6);
  });

  it('reads JSON word lists in both shapes, and names a broken word', () => {
    expect(parseJsonWords('[{"word":"a","start":0,"end":1}]')).toEqual([w('a', 0, 1)]);
    expect(parseJsonWords('{"words":[{"text":"b","start":1,"end":2}]}')).toEqual([w('b', 1, 2)]);
    expect(() => parseJsonWords('{"words":[{"text":"b","start":1}]}')).toThrow(/word 1 needs/);
  });

  it('keeps the window’s words, re-timed from its start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cf-files-'));
    const file = path.join(dir, 't.json');
    await writeFile(file, JSON.stringify({ words: [w('a', 1, 2), w('b', 10, 11), w('c', 20, 21)] }));
    expect(await loadTranscriptFile(file, { start: 9, end: 15 })).toEqual([w('b', 1, 2)]);
    await expect(loadTranscriptFile(path.join(dir, 'none.srt'), { start: 0, end: 1 })).rejects.toThrow(
      /not found/,
    );
    await rm(dir, { recursive: true, force: true });
  });
});

describe('chunked recognition', () => {
  it('parses silencedetect output', () => {
    const stderr =
      '[silencedetect @ 0x1] silence_start: 1.5\n[silencedetect @ 0x1] silence_end: 2.3 | silence_duration: 0.8\nsilence_start: -0.01\nsilence_end: 0.4 |';
    expect(parseSilences(stderr)).toEqual([
      { start: 1.5, end: 2.3 },
      { start: 0, end: 0.4 },
    ]);
  });

  it('sizes chunks so that every lane gets the same share', () => {
    expect(balancedChunkSeconds(600, 2)).toBe(150);
    expect(balancedChunkSeconds(1200, 2)).toBe(150);
    expect(balancedChunkSeconds(100, 2)).toBe(50);
    expect(balancedChunkSeconds(700, 2)).toBeCloseTo(116.67, 1);
  });

  it('cuts in the middle of the silence nearest the target length, never over the maximum', () => {
    const silences = [
      { start: 40, end: 41 },
      { start: 59, end: 61 },
      { start: 150, end: 151 },
    ];
    expect(planChunks(silences, 300, 60, 120)).toEqual([
      { start: 0, end: 60 },
      { start: 60, end: 150.5 },
      { start: 150.5, end: 270.5 },
      { start: 270.5, end: 300 },
    ]);
    expect(planChunks([], 90, 60, 120)).toEqual([{ start: 0, end: 90 }]);
  });

  it('plans speech-only chunks: close regions joined, long ones split, padded without overlap', () => {
    const settings = { mergeGapSeconds: 1.5, maxChunkSeconds: 30, padSeconds: 0.2 };
    expect(planSpeechChunks([], 60, settings)).toEqual([]);
    // a sentence's pauses stay inside; the four-second silence is never heard
    expect(
      planSpeechChunks(
        [
          { start: 0.1, end: 3 },
          { start: 3.5, end: 8 },
          { start: 12, end: 15 },
        ],
        20,
        settings,
      ),
    ).toEqual([
      { start: 0, end: 8.2 },
      { start: 11.8, end: 15.2 },
    ]);
    // joining stops at the cap; a 70 s monologue is three even pieces
    const capped = planSpeechChunks(
      [
        { start: 0, end: 20 },
        { start: 21, end: 40 },
        { start: 41, end: 111 },
      ],
      111,
      settings,
    );
    expect(capped.map((c) => [c.start, c.end])).toEqual([
      [0, 20.2],
      [20.8, 40.2],
      [40.8, 64.333],
      [64.333, 87.667],
      [87.667, 111],
    ]);
    // padding never overlaps a neighbour a short gap away
    const tight = planSpeechChunks(
      [
        { start: 5, end: 29 },
        { start: 29.2, end: 40 },
      ],
      40,
      settings,
    );
    expect(tight[0].end).toBeLessThanOrEqual(tight[1].start);
    expect(tight[0].end).toBeCloseTo(29.1);
  });

  describe('with a recogniser', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'cf-chunks-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('feeds the recogniser only the planned speech chunks, words shifted back', async () => {
      const wav = path.join(dir, 'speech-and-silence.wav');
      await copyMedia(
        toneWithPauses(40, [
          [2, 9],
          [25, 31],
        ]),
        wav,
      );
      const heard: number[] = [];
      const engine: TranscriptionEngine = {
        name: 'whisper',
        async transcribe(file) {
          heard.push((await probeMedia(file, TEST_TOOLS)).duration);
          return [w('word', 0.5, 0.9)];
        },
      };
      const progress: number[] = [];
      const chunks = planSpeechChunks(
        [
          { start: 2, end: 9 },
          { start: 25, end: 31 },
        ],
        40,
      );
      const words = await transcribeChunks(
        {
          wavPath: wav,
          duration: 40,
          engine,
          language: 'en',
          concurrency: 1,
          signal: new AbortController().signal,
          onProgress: (f) => progress.push(f),
          tools: TEST_TOOLS,
        },
        chunks,
      );
      expect(heard.map((d) => Math.round(d * 10) / 10)).toEqual([7.4, 6.4]);
      expect(words.map((x) => x.start)).toEqual([2.3, 25.3]);
      expect(progress.at(-1)).toBeCloseTo(1);
      expect(
        await transcribeChunks(
          {
            wavPath: wav,
            duration: 40,
            engine,
            language: 'en',
            concurrency: 1,
            signal: new AbortController().signal,
            tools: TEST_TOOLS,
          },
          [],
        ),
      ).toEqual([]);
    });

    it('recognises chunks in parallel and shifts their words to absolute time', async () => {
      const wav = path.join(dir, 'long.wav');
      // 250 s: tone bursts separated by one-second silences every 50 s
      const bursts = Array.from({ length: 5 }, (_, i): [number, number] => [i * 50 + 1, i * 50 + 49]);
      await copyMedia(toneWithPauses(250, bursts), wav);
      const seen: string[] = [];
      const engine: TranscriptionEngine = {
        name: 'pocketsphinx',
        async transcribe(file) {
          seen.push(file);
          return [w('tone', 2, 3)];
        },
      };
      const words = await transcribeInChunks({
        wavPath: wav,
        duration: 250,
        engine,
        language: 'en',
        concurrency: 2,
        signal: new AbortController().signal,
        tools: TEST_TOOLS,
      });
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(words.map((x) => x.start)).toEqual([...words.map((x) => x.start)].sort((a, b) => a - b));
      expect(words[0].start).toBe(2);
      expect(words[1].start).toBeGreaterThan(50);
    });
  });
});
