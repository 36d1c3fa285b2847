import { describe, expect, it } from 'vitest';
import { fillerIndexes, keptStretches, pauseCuts, retimed, retimeWords } from './edit-list.ts';
import type { Word } from '../../domain/transcript.ts';

const w = (text: string, start: number, end: number, confidence = 0.95): Word => ({
  text,
  start,
  end,
  confidence,
});

describe('fillerIndexes', () => {
  it('finds sure um and uh, and "you know" only where it stands alone', () => {
    const words = [
      w('so,', 0, 0.3),
      w('um', 0.4, 0.6),
      w('you', 0.9, 1.0),
      w('know', 1.0, 1.2),
      w('it', 1.5, 1.6),
      w('uh', 1.7, 1.8, 0.4),
      w('do', 2.0, 2.1),
      w('you', 2.1, 2.2),
      w('know', 2.2, 2.4),
      w('him', 2.4, 2.6),
    ];
    expect([...fillerIndexes(words)].sort()).toEqual([1, 2, 3]);
  });

  it('leaves a filler whose times were spread over a cue, not heard', () => {
    expect(fillerIndexes([{ ...w('um', 0, 0.2), span: { start: 0, end: 2 } }]).size).toBe(0);
  });
});

describe('pauseCuts', () => {
  const span = { start: 0, end: 6 };

  it('shortens a long silence to the kept pause, split around the join, and leaves short ones', () => {
    const words = [w('a', 0, 1), w('b', 1.3, 2), w('c', 3.5, 4), w('d', 4.1, 6)];
    expect(pauseCuts(words, [], span)).toEqual([{ start: 2.125, end: 3.375 }]);
  });

  it('removes a filler whole with the pause around it', () => {
    const words = [w('a', 0, 1), w('um', 1.05, 1.4), w('b', 1.5, 6)];
    const cuts = pauseCuts(words, [], span);
    expect(cuts).toHaveLength(1);
    expect(cuts[0].start).toBeLessThanOrEqual(1.05);
    expect(cuts[0].end).toBeGreaterThanOrEqual(1.4);
  });

  it('never cuts a stretch where the voice detector heard speech without words', () => {
    const words = [w('a', 0, 1), w('b', 3, 6)];
    expect(pauseCuts(words, [{ start: 1.8, end: 2.2 }], span)).toEqual([]);
    expect(pauseCuts(words, [{ start: 0, end: 1 }], span)).toHaveLength(1);
  });
});

describe('retiming', () => {
  it('joins the kept stretches and moves the words with them', () => {
    const kept = keptStretches({ start: 0, end: 6 }, [{ start: 2.125, end: 3.375 }]);
    expect(kept).toEqual([
      { start: 0, end: 2.125 },
      { start: 3.375, end: 6 },
    ]);
    expect(retimed(kept, 3.5)).toBeCloseTo(2.25, 6);
    expect(retimed(kept, 2.5)).toBeCloseTo(2.125, 6);
    const words = retimeWords([w('b', 1.3, 2), w('um', 2.3, 2.6), w('c', 3.5, 4)], kept);
    expect(words.map((word) => [word.text, word.start, word.end])).toEqual([
      ['b', 1.3, 2],
      ['c', 2.25, 2.75],
    ]);
  });
});
