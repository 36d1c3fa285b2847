import { describe, expect, it } from 'vitest';
import { insideAWord, snapToWords } from './cut-snap.ts';
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
