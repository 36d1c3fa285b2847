import { describe, expect, it } from 'vitest';
import { insideAWord, quietRuns, snapToSpeech, snapToWords } from './cut-snap.ts';
import type { Word } from '../domain/transcript.ts';

const words: Word[] = [
  { text: 'one', start: 1.0, end: 1.4 },
  { text: 'two', start: 1.6, end: 2.0 },
  { text: 'three', start: 3.0, end: 3.5 },
  { text: 'four', start: 3.6, end: 4.2 },
];

describe('snapToWords', () => {
  it('moves a start inside a word to the nearer word start, and an end to the nearer word end', () => {
    expect(snapToWords(words, { start: 1.75, end: 3.4 })).toEqual({ start: 1.6, end: 3.5 });
    expect(snapToWords(words, { start: 1.2, end: 3.9 })).toEqual({ start: 1.0, end: 4.2 });
  });

  it('keeps at least one word when both bounds fall near the same edge', () => {
    expect(snapToWords(words, { start: 3.55, end: 3.56 })).toEqual({ start: 3.6, end: 4.2 });
  });

  it('has nothing to snap to without words', () => {
    expect(snapToWords([], { start: 0, end: 5 })).toBeUndefined();
  });

  it('never lands inside a word over many random requests', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 5;
    for (let i = 0; i < 100; i++) {
      const a = random();
      const b = random();
      const snapped = snapToWords(words, { start: Math.min(a, b), end: Math.max(a, b) })!;
      expect(insideAWord(words, snapped.start)).toBe(false);
      expect(insideAWord(words, snapped.end)).toBe(false);
      expect(snapped.end).toBeGreaterThan(snapped.start);
    }
  });
});

/** Loudness in 20 ms steps over `seconds`: silence, with each [start, end, dB] laid over it in turn. */
const envelopeOf = (seconds: number, sounds: [number, number, number][]) => ({
  stepSeconds: 0.02,
  db: Array.from({ length: Math.round(seconds / 0.02) }, (_, i) => {
    const t = (i + 0.5) * 0.02;
    return sounds.reduce((level, [start, end, db]) => (t >= start && t < end ? db : level), -100);
  }),
});

describe('snapToSpeech', () => {
  // two phrases the voice detector heard as [1, 2.5] and [3, 4]; the first really ends in a quiet "st" whose
  // stop closure is silent for a step, the second really starts with a quiet "th": the gap is [2.7, 2.86]
  const speech = {
    regions: [
      { start: 1, end: 2.5 },
      { start: 3, end: 4 },
    ],
    envelope: envelopeOf(5, [
      [1, 2.5, -20],
      [2.5, 2.7, -35],
      [2.52, 2.54, -100],
      [2.86, 3, -35],
      [3, 4, -20],
    ]),
  };

  it('cuts in the longest quiet of the pause, not in a closure inside a word', () => {
    const end = snapToSpeech(speech, { start: 1.2, end: 2.6 }, 5)!.end;
    expect(end).toBeGreaterThan(2.7);
    expect(end).toBeLessThan(2.86);
    const start = snapToSpeech(speech, { start: 2.9, end: 3.8 }, 5)!.start;
    expect(start).toBeGreaterThan(2.7);
    expect(start).toBeLessThan(2.86);
  });

  it('keeps a lead-in before the first speech and a tail after the last, inside the window', () => {
    expect(snapToSpeech(speech, { start: 0.2, end: 4.9 }, 5)).toEqual({ start: 0.85, end: 4.25 });
  });

  it('has nothing to snap to when no speech was heard', () => {
    expect(snapToSpeech({ ...speech, regions: [] }, { start: 0, end: 5 }, 5)).toBeUndefined();
  });

  it('finds the runs of quiet steps', () => {
    expect(quietRuns(speech.envelope, 2.5, 3)).toEqual([
      { start: expect.closeTo(2.52), end: expect.closeTo(2.54) },
      { start: expect.closeTo(2.7), end: expect.closeTo(2.86) },
    ]);
  });
});
