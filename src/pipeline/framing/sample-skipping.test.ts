import { describe, expect, it } from 'vitest';
import type { FaceObservation, FaceSample } from './crop-path.ts';
import { sampleBetween, skippingSampler } from './sample-skipping.ts';

const face = (cx: number, cy: number, size = 200, score = 0.9): FaceObservation => ({ cx, cy, size, score });

describe('the sample between two looked-at frames', () => {
  it('is the mean of faces that stayed put, each paired with its nearest', () => {
    const before = { t: 0, faces: [face(400, 300), face(1400, 320, 180, 0.8)] };
    const after = { t: 1, faces: [face(1410, 330, 190, 0.95), face(420, 290, 210)] };
    expect(sampleBetween(before, after, 0.5)).toEqual({
      t: 0.5,
      faces: [face(410, 295, 205, 0.9), face(1405, 325, 185, 0.8)],
    });
    expect(sampleBetween({ t: 0, faces: [] }, { t: 1, faces: [] }, 0.5)).toEqual({ t: 0.5, faces: [] });
  });

  it('is left to the detector when a face came or went, grew, or (with nothing looked at before) moved by more than 15 % of its size', () => {
    const still = { t: 0, faces: [face(400, 300)] };
    expect(sampleBetween(still, { t: 1, faces: [] }, 0.5)).toBeUndefined();
    expect(sampleBetween(still, { t: 1, faces: [face(400, 300), face(1400, 300)] }, 0.5)).toBeUndefined();
    expect(sampleBetween(still, { t: 1, faces: [face(431, 300)] }, 0.5)).toBeUndefined();
    expect(sampleBetween(still, { t: 1, faces: [face(400, 300, 240)] }, 0.5)).toBeUndefined();
    expect(sampleBetween(still, { t: 1, faces: [face(429, 300)] }, 0.5)).toBeDefined();
  });

  it('follows a face on its course: the mean where it moves steadily, the detector where it turns or jumps', () => {
    const at = (t: number, cx: number) => ({ t, faces: [face(cx, 300)] });
    // 100 px a second, half the face's size: too far for a still face, steady on its course
    expect(sampleBetween(at(1, 500), at(2, 600), 1.5)).toBeUndefined();
    expect(sampleBetween(at(1, 500), at(2, 600), 1.5, at(0, 400))).toEqual(at(1.5, 550));
    // it came back: the mean of where it was before and after would miss it by a quarter of its size
    expect(sampleBetween(at(1, 500), at(2, 450), 1.5, at(0, 400))).toBeUndefined();
    // farther than half its size in a second is a jump, however steady
    expect(sampleBetween(at(1, 500), at(2, 620), 1.5, at(0, 380))).toBeUndefined();
    // a face that was not there before has no course: only staying still will do
    expect(sampleBetween(at(1, 500), at(2, 600), 1.5, { t: 0, faces: [] })).toBeUndefined();
  });
});

describe('sampling a segment with every other frame looked at', () => {
  it('looks at the frames between where the faces change, and records every frame in order', async () => {
    // the face jumps across the frame at frame 7, and is gone from frame 12 to 15
    const facesAt = (index: number) => (index >= 12 && index < 16 ? [] : [face(index < 7 ? 400 : 1400, 300)]);
    const looked: number[] = [];
    const recorded: FaceSample[] = [];
    const sampler = skippingSampler(
      async (data, t) => {
        looked.push(data[0]);
        return { t, faces: facesAt(data[0]) };
      },
      (sample) => recorded.push(sample),
      2,
    );
    for (let index = 0; index < 20; index++) await sampler.frame(Buffer.from([index]), index);
    await sampler.finish();
    expect(recorded.map((sample) => sample.t)).toEqual(Array.from({ length: 20 }, (_, i) => i / 2));
    expect(recorded.map((sample) => sample.faces)).toEqual(
      Array.from({ length: 20 }, (_, index) => facesAt(index)),
    );
    // frames 0, 2, … 18, the ones between a change (7, 11, 15) and the last, which has nothing after it
    expect(looked.filter((index) => index % 2 === 1)).toEqual([7, 11, 15, 19]);
    expect(looked).toHaveLength(14);
  });
});
