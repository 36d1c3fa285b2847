import { describe, expect, it } from 'vitest';
import {
  fitPictureBand,
  headInWindow,
  mergeBands,
  openingFaceBands,
  splitFaceBands,
  trackFaceBands,
} from './face-band.ts';
import { planFromAnalysis } from './plan.ts';
import type { FramingPlan, TrackPlan } from './types.ts';

const source = { width: 1920, height: 1080 };
const portrait = { width: 1080, height: 1920 };
const crop = { width: 608, height: 1080 };
const face = (cx: number, cy: number, size = 200) => ({ cx, cy, size, score: 0.9 });
const samples = (at: (t: number) => ReturnType<typeof face>[], seconds = 5) =>
  Array.from({ length: seconds * 2 }, (_, i) => ({ t: i / 2, faces: at(i / 2) }));

describe('where heads are over the opening seconds', () => {
  it('maps a head through the crop window to fractions of its height', () => {
    const band = headInWindow(face(600, 200), { x: 296, y: 0, ...crop });
    expect(band!.top).toBeCloseTo(60 / 1080, 6);
    expect(band!.bottom).toBeCloseTo(340 / 1080, 6);
    // a head beside the window, or above it, is not in the picture
    expect(headInWindow(face(1500, 200), { x: 296, y: 0, ...crop })).toBeUndefined();
    expect(headInWindow(face(600, 100), { x: 296, y: 300, ...crop })).toBeUndefined();
  });

  it('joins overlapping bands and keeps apart ones apart, top to bottom', () => {
    expect(
      mergeBands([
        { top: 0.6, bottom: 0.7 },
        { top: 0.1, bottom: 0.3 },
        { top: 0.25, bottom: 0.4 },
      ]),
    ).toEqual([
      { top: 0.1, bottom: 0.4 },
      { top: 0.6, bottom: 0.7 },
    ]);
  });

  it('follows the tracked crop at each sample time and looks only at the opening seconds', () => {
    const track = {
      crop,
      fps: 30,
      points: Array.from({ length: 150 }, (_, frame) => ({ x: frame < 45 ? 296 : 900, y: 0 })),
    };
    const seen = samples((t) => (t < 1.5 ? [face(600, 200)] : t < 3 ? [face(1200, 300)] : [face(1200, 900)]));
    const bands = trackFaceBands(seen, track, 3);
    expect(bands).toHaveLength(1);
    expect(bands[0].top).toBeCloseTo(60 / 1080, 6);
    expect(bands[0].bottom).toBeCloseTo(440 / 1080, 6);
  });

  it('a tracked plan records the head high in the frame (a high speaker, 10 % from the top is on the head)', () => {
    const plan = planFromAnalysis(
      { samples: samples(() => [face(600, 200)]), cuts: [] },
      source,
      portrait,
      5,
    );
    expect(plan.kind).toBe('track');
    const bands = openingFaceBands(plan, source, portrait, 3)!;
    expect(bands).toHaveLength(1);
    expect(bands[0].top).toBeCloseTo(60 / 1080, 3);
    expect(bands[0].bottom).toBeCloseTo(340 / 1080, 3);
    expect(bands[0].top).toBeLessThan(0.1);
  });

  it('a split puts each head in its own half, where regionAround framed it', () => {
    const plan = planFromAnalysis(
      { samples: samples(() => [face(1500, 420, 250), face(400, 420, 250)]), cuts: [] },
      source,
      portrait,
      5,
    );
    expect(plan.kind).toBe('split');
    const bands = openingFaceBands(plan, source, portrait, 3)!;
    // region 900×800 from y = 153 (face at its upper third); the head is 420 ± 175
    expect(bands).toHaveLength(2);
    expect(bands[0].top).toBeCloseTo(((245 - 153) / 800) * 0.5, 3);
    expect(bands[0].bottom).toBeCloseTo(((595 - 153) / 800) * 0.5, 3);
    expect(bands[1].top).toBeCloseTo(0.5 + ((245 - 153) / 800) * 0.5, 3);
    expect(bands[1].bottom).toBeCloseTo(0.5 + ((595 - 153) / 800) * 0.5, 3);
    if (plan.kind !== 'split') return;
    expect(splitFaceBands([[face(400, 420, 250), face(1500, 420, 250)]], plan, source, portrait)).toEqual(
      bands,
    );
  });

  it('fit shows the whole frame in the middle band; a fixed centre crop knows no faces', () => {
    const band = fitPictureBand(source, portrait);
    expect(band.top).toBeCloseTo((1 - 607.5 / 1920) / 2, 6);
    expect(band.bottom).toBeCloseTo((1 + 607.5 / 1920) / 2, 6);
    expect(openingFaceBands({ kind: 'fit' }, source, portrait, 3)).toEqual([band]);
    expect(openingFaceBands({ kind: 'fill' }, source, portrait, 3)).toBeUndefined();
  });

  it('a plan checkpointed before faces were recorded keeps today’s placement', () => {
    const old: TrackPlan = { kind: 'track', crop, fps: 30, points: [{ x: 0, y: 0 }], cuts: [] };
    expect(openingFaceBands(old, source, portrait, 3)).toBeUndefined();
    const sequence: FramingPlan = {
      kind: 'sequence',
      parts: [
        { start: 0, end: 2, plan: old },
        { start: 2, end: 5, plan: { ...old, faces: [{ top: 0.2, bottom: 0.4 }] } },
      ],
    };
    expect(openingFaceBands(sequence, source, portrait, 3)).toBeUndefined();
  });

  it('a sequence joins the heads of the parts shown during the opening seconds only', () => {
    const part = (faces: { top: number; bottom: number }[]): TrackPlan => ({
      kind: 'track',
      crop,
      fps: 30,
      points: [{ x: 0, y: 0 }],
      cuts: [],
      faces,
    });
    const sequence: FramingPlan = {
      kind: 'sequence',
      parts: [
        { start: 0, end: 2, plan: part([{ top: 0.3, bottom: 0.5 }]) },
        { start: 2, end: 4, plan: part([{ top: 0.1, bottom: 0.35 }]) },
        { start: 4, end: 8, plan: part([{ top: 0.7, bottom: 0.9 }]) },
      ],
    };
    expect(openingFaceBands(sequence, source, portrait, 3)).toEqual([{ top: 0.1, bottom: 0.5 }]);
  });

  it('a sequence part records only the heads before the opening seconds end', () => {
    const twoShot = (t: number) => (t < 2 ? [face(1500, 420, 250), face(400, 420, 250)] : [face(900, 200)]);
    const plan = planFromAnalysis(
      {
        samples: samples(twoShot, 8).map((s) => (s.t >= 2 ? { ...s, faces: [face(900, 200)] } : s)),
        cuts: [2],
      },
      source,
      portrait,
      8,
    );
    expect(plan.kind).toBe('sequence');
    if (plan.kind !== 'sequence') return;
    expect(plan.parts.map((p) => p.plan.kind)).toEqual(['split', 'track']);
    const tracked = plan.parts[1].plan;
    if (tracked.kind !== 'track') return;
    // the close-up is seen from 2 s; its head is recorded for its first second only (3 s − 2 s)
    expect(tracked.faces).toHaveLength(1);
    expect(tracked.faces![0].top).toBeCloseTo(60 / 1080, 2);
  });
});
