import { describe, expect, it } from 'vitest';
import { FLOOR_DB, type LoudnessCurve } from './loudness-curve.ts';
import { curveCovers, gatedLoudness, spanLoudness } from './span-loudness.ts';

describe('gated loudness (BS.1770-4)', () => {
  it('is the loudness of the blocks’ mean energy, not their mean loudness', () => {
    expect(gatedLoudness([-20, -20, -20])).toEqual({ integrated: -20, threshold: -30 });
    const { integrated, threshold } = gatedLoudness([-20, -28]);
    const mean = 10 * Math.log10((10 ** -2 + 10 ** -2.8) / 2);
    expect(integrated).toBeCloseTo(mean, 6);
    expect(threshold).toBeCloseTo(mean - 10, 6);
  });

  it('drops blocks at or under −70 LUFS, then those 10 LU under the rest', () => {
    expect(gatedLoudness([-20, -80, -70]).integrated).toBeCloseTo(-20, 6);
    // the relative gate: 10 LU under the loudness of −20, −20, −20 and −35 together
    const { integrated, threshold } = gatedLoudness([-20, -20, -20, -35]);
    expect(threshold).toBeCloseTo(10 * Math.log10((3 * 10 ** -2 + 10 ** -3.5) / 4) - 10, 6);
    expect(integrated).toBeCloseTo(-20, 6);
  });

  it('has no loudness when nothing passes the absolute gate', () => {
    expect(gatedLoudness([-75, FLOOR_DB])).toEqual({ integrated: Number.NEGATIVE_INFINITY, threshold: -70 });
    expect(gatedLoudness([])).toEqual({ integrated: Number.NEGATIVE_INFINITY, threshold: -70 });
  });
});

describe('span loudness on a curve', () => {
  // steps from 10.0 s on; the blocks starting 10.5 s to 11.1 s lie inside [10.5, 11.5]; any other one is louder
  const curve: LoudnessCurve = {
    source: '/in.mp4',
    start: 10,
    momentary: Array.from({ length: 30 }, (_, i) => (i >= 5 && i <= 11 ? -20 : -5)),
    truePeak: Array.from({ length: 33 }, (_, i) => (i === 4 || i === 17 ? -1 : -12)),
  };

  it('integrates exactly the blocks inside the span, on a grid off by less than half a step', () => {
    expect(spanLoudness(curve, { start: 10.5, end: 11.5 }).integrated).toBeCloseTo(-20, 6);
    expect(spanLoudness(curve, { start: 10.46, end: 11.54 }).integrated).toBeCloseTo(-20, 6);
    // a span reaching into louder blocks is louder
    expect(spanLoudness(curve, { start: 10.4, end: 11.5 }).integrated).toBeGreaterThan(-19);
    expect(spanLoudness(curve, { start: 10.5, end: 11.6 }).integrated).toBeGreaterThan(-19);
  });

  it('takes the true peak over the steps the span touches and the one after', () => {
    expect(spanLoudness(curve, { start: 10.5, end: 11.55 }).truePeak).toBe(-12);
    curve.truePeak[16] = -9;
    expect(spanLoudness(curve, { start: 10.5, end: 11.55 }).truePeak).toBe(-9);
    expect(spanLoudness(curve, { start: 10.45, end: 11.55 }).truePeak).toBe(-1);
  });

  it('knows which spans it measured', () => {
    expect(curveCovers(curve, { start: 10, end: 13.3 })).toBe(true);
    expect(curveCovers(curve, { start: 9.97, end: 13.33 })).toBe(true);
    expect(curveCovers(curve, { start: 9.9, end: 12 })).toBe(false);
    expect(curveCovers(curve, { start: 11, end: 13.4 })).toBe(false);
  });
});
