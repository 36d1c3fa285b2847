import { describe, expect, it } from 'vitest';
import { wordsOfSpan } from './transcript-span.ts';

describe('wordsOfSpan', () => {
  const words = [
    { text: 'one', start: 0.5, end: 0.9 },
    { text: 'two', start: 1.0, end: 1.4 },
    { text: 'three', start: 2.0, end: 2.6 },
    { text: 'four', start: 3.1, end: 3.5 },
  ];

  it('keeps the words inside the span, re-timed from its start', () => {
    expect(wordsOfSpan(words, 1.0, 2.6)).toEqual([
      { text: 'two', start: 0, end: expect.closeTo(0.4, 6) },
      { text: 'three', start: expect.closeTo(1.0, 6), end: expect.closeTo(1.6, 6) },
    ]);
  });

  it('never returns a time outside the span', () => {
    for (const word of wordsOfSpan(words, 0.48, 3.52)) {
      expect(word.start).toBeGreaterThanOrEqual(0);
      expect(word.end).toBeLessThanOrEqual(3.52 - 0.48);
    }
  });

  it('drops words that straddle the edges', () => {
    expect(wordsOfSpan(words, 1.2, 3.0).map((w) => w.text)).toEqual(['three']);
  });
});
