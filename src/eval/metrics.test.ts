import { describe, expect, it } from 'vitest';
import {
  alignWords,
  averagePrecision,
  median,
  normalizeWords,
  spellNumber,
  wordErrorRate,
} from './metrics.ts';

describe('normalizeWords', () => {
  it('lower-cases, strips punctuation and spells numbers', () => {
    expect(normalizeWords('Save 20% today, OK?')).toEqual(['save', 'twenty', 'percent', 'today', 'ok']);
    expect(normalizeWords("It's 1450.")).toEqual(["it's", 'one', 'thousand', 'four', 'hundred', 'fifty']);
  });

  it('spells awkward numbers', () => {
    expect(spellNumber(0)).toEqual(['zero']);
    expect(spellNumber(70)).toEqual(['seventy']);
    expect(spellNumber(105)).toEqual(['one', 'hundred', 'five']);
    expect(spellNumber(2000)).toEqual(['two', 'thousand']);
  });
});

describe('word error rate', () => {
  it('is 0 for identical sequences and counts each kind of error', () => {
    expect(wordErrorRate(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(0);
    const alignment = alignWords(['the', 'cat', 'sat', 'down'], ['the', 'bat', 'sat', 'down', 'now']);
    expect(alignment).toMatchObject({ substitutions: 1, deletions: 0, insertions: 1 });
    expect(alignment.matches).toEqual([
      [0, 0],
      [2, 2],
      [3, 3],
    ]);
    expect(wordErrorRate(['a', 'b', 'c', 'd'], ['a', 'd'])).toBe(0.5);
    expect(wordErrorRate([], ['x'])).toBe(1);
  });
});

describe('ranking metrics', () => {
  it('computes average precision', () => {
    expect(averagePrecision([true, false, true])).toBeCloseTo((1 + 2 / 3) / 2, 10);
    expect(averagePrecision([false, false])).toBe(0);
    expect(averagePrecision([true])).toBe(1);
  });

  it('computes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
