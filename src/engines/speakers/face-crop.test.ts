import { describe, expect, it } from 'vitest';
import { CROP_SIZE, cropRegion, faceCrop, medianFilter, roundHalfUp, smoothBoxes } from './face-crop.ts';

describe('medianFilter', () => {
  it('takes the median of 13 values, zero-padded at the ends', () => {
    const values = Array.from({ length: 20 }, () => 10);
    values[9] = 500;
    const filtered = medianFilter(values);
    expect(filtered[9]).toBe(10);
    expect(filtered[0]).toBe(10);
    expect(medianFilter([10, 10, 10, 10, 10])).toEqual([0, 0, 0, 0, 0]);
  });

  it('smooths the centre and size of a track alike', () => {
    const boxes = Array.from({ length: 30 }, (_, i) => ({ cx: i === 15 ? 999 : 100, cy: 50, s: 20 }));
    expect(smoothBoxes(boxes)[15]).toEqual({ cx: 100, cy: 50, s: 20 });
  });
});

describe('roundHalfUp', () => {
  it('rounds as Math.round does, halves up, also a hair below a half', () => {
    const values = [0, 0.5, 1.5, 2.4999999999999996, 0.49999999999999994, 109.5, 254.50000000000003, 255];
    for (let i = 0; i < 10_000; i++) values.push(((i * 7919) % 25600) / 100 + i / 1e7);
    for (const x of values) expect(roundHalfUp(x)).toBe(Math.round(x));
  });
});

describe('cropRegion', () => {
  it('spans from s above the centre to 1.8 s below it, 1.4 s either side', () => {
    expect(cropRegion({ cx: 200, cy: 150, s: 50 })).toEqual({ top: 100, bottom: 240, left: 130, right: 270 });
  });
});

describe('faceCrop', () => {
  /** A 400×300 frame, grey 200, with a black 10×10 square centred at (x, y). */
  const frameWithMark = (x: number, y: number) => {
    const data = new Uint8Array(400 * 300 * 3).fill(200);
    for (let row = y - 5; row < y + 5; row++)
      for (let col = x - 5; col < x + 5; col++)
        data.fill(0, (row * 400 + col) * 3, (row * 400 + col) * 3 + 3);
    return { width: 400, height: 300, data };
  };
  /** The centre of the crop's dark pixels. */
  const darkCentre = (crop: Uint8Array) => {
    const dark = [...crop.keys()].filter((i) => crop[i] < 100);
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    return {
      row: mean(dark.map((i) => Math.floor(i / CROP_SIZE))),
      col: mean(dark.map((i) => i % CROP_SIZE)),
    };
  };

  it('puts the point 0.4 s below the box centre in the middle of the 112×112 crop', () => {
    const box = { cx: 200, cy: 130, s: 50 };
    const crop = faceCrop(frameWithMark(200, 150), box);
    expect(crop).toHaveLength(CROP_SIZE * CROP_SIZE);
    const mark = darkCentre(crop);
    expect(Math.abs(mark.row - 55.5)).toBeLessThanOrEqual(1);
    expect(Math.abs(mark.col - 55.5)).toBeLessThanOrEqual(1);
  });

  it('fills what lies outside the frame with grey 110', () => {
    const crop = faceCrop(frameWithMark(200, 150), { cx: 10, cy: 10, s: 50 });
    expect(crop[0]).toBe(110);
    expect(crop[CROP_SIZE * CROP_SIZE - 1]).toBe(200);
  });

  it('turns colour grey with 0.299 R + 0.587 G + 0.114 B', () => {
    const data = new Uint8Array(200 * 200 * 3);
    for (let i = 0; i < data.length; i += 3) data.set([100, 50, 200], i);
    const crop = faceCrop({ width: 200, height: 200, data }, { cx: 100, cy: 80, s: 30 });
    expect(crop[56 * CROP_SIZE + 56]).toBe(Math.round(0.299 * 100 + 0.587 * 50 + 0.114 * 200));
  });
});
