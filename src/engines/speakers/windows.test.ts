import { describe, expect, it } from 'vitest';
import { alignedRows, boxSmooth, scoringWindows } from './windows.ts';

describe('scoringWindows', () => {
  it('cuts a track in 2-second windows, a short remainder joining the last one', () => {
    expect(scoringWindows(120)).toEqual([
      [0, 50],
      [50, 120],
    ]);
    expect(scoringWindows(130)).toEqual([
      [0, 50],
      [50, 100],
      [100, 130],
    ]);
    expect(scoringWindows(12)).toEqual([[0, 12]]);
  });
});

describe('alignedRows', () => {
  it('gives frame t the MFCC rows 4t…4t+3, repeating the last row past the end', () => {
    const features = Float32Array.from({ length: 10 * 13 }, (_, i) => Math.floor(i / 13));
    const rows = alignedRows(features, 1, 3);
    expect(rows).toHaveLength(8 * 13);
    expect(Array.from({ length: 8 }, (_, r) => rows[r * 13])).toEqual([4, 5, 6, 7, 8, 9, 9, 9]);
  });
});

describe('boxSmooth', () => {
  it('averages each score with its two neighbours on each side', () => {
    const smooth = boxSmooth(Float32Array.from([0, 0, 5, 0, 0, 0]));
    [5 / 3, 5 / 4, 1, 1, 5 / 4, 0].forEach((mean, i) => expect(smooth[i]).toBeCloseTo(mean, 6));
  });
});
