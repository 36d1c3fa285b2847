import { describe, expect, it } from 'vitest';
import { alignedRows, boxSmooth, scoringWindows, wantedWindows } from './windows.ts';

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

describe('wantedWindows', () => {
  const wantedAt = (frames: number, ...wanted: number[]) =>
    Array.from({ length: frames }, (_, f) => wanted.includes(f));

  it('keeps the windows with a wanted frame, none when no frame is wanted', () => {
    expect(wantedWindows(wantedAt(200, 60, 170))).toEqual([
      [50, 100],
      [150, 200],
    ]);
    expect(wantedWindows(wantedAt(200))).toEqual([]);
  });

  it('keeps a window two frames either side of a wanted frame: its smoothing reaches that far', () => {
    expect(wantedWindows(wantedAt(150, 51))).toEqual([
      [0, 50],
      [50, 100],
    ]);
    expect(wantedWindows(wantedAt(150, 52))).toEqual([[50, 100]]);
    expect(wantedWindows(wantedAt(150, 47))).toEqual([[0, 50]]);
    expect(wantedWindows(wantedAt(150, 48))).toEqual([
      [0, 50],
      [50, 100],
    ]);
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
