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

/**
 * Samples `count` frames (frame `index` a buffer holding its index) whose faces are `facesAt(index)` and whose
 * picture changes just before each frame of `changes`; what the detector looked at, in its order, and the samples.
 */
async function sample(count: number, facesAt: (index: number) => FaceObservation[], changes: number[] = []) {
  const looked: number[] = [];
  const recorded: FaceSample[] = [];
  const sampler = skippingSampler(
    async (data, t) => {
      looked.push(data[0]);
      return { t, faces: facesAt(data[0]) };
    },
    (sample) => recorded.push(sample),
    2,
    (before, after) => !changes.includes(after[0]),
  );
  for (let index = 0; index < count; index++) await sampler.frame(Buffer.from([index]), index);
  await sampler.finish();
  return { looked, recorded };
}

/** Every frame recorded once, in order, at index / 2 s, with `facesAt(index)`; no frame looked at twice. */
function expectEveryFrame(
  { looked, recorded }: Awaited<ReturnType<typeof sample>>,
  count: number,
  facesAt: (index: number) => FaceObservation[],
) {
  expect(recorded.map((sample) => sample.t)).toEqual(Array.from({ length: count }, (_, i) => i / 2));
  expect(recorded.map((sample) => sample.faces)).toEqual(Array.from({ length: count }, (_, i) => facesAt(i)));
  expect(new Set(looked).size).toBe(looked.length);
}

describe('sampling a segment, one frame in four looked at where the picture is still', () => {
  it('looks at every 4th frame where picture and faces stay still, the faces between by time from its ends', async () => {
    // drifting 4 px and growing 2 px a frame: 16 px and 8 px in a block of four, within 15 % of the face's size
    const facesAt = (index: number) => [face(400 + 4 * index, 300, 200 + 2 * index)];
    const sampled = await sample(19, facesAt);
    // the last frame, 18, has nothing after it: looked at, and the two held before it between it and frame 16
    expect(sampled.looked).toEqual([0, 4, 8, 12, 16, 18]);
    expectEveryFrame(sampled, 19, facesAt);
  });

  it('looks at every other frame of a block the picture changed in, though the faces at its ends agree', async () => {
    const facesAt = () => [face(400, 300)];
    // the picture changes before frame 6 (in the block from 4 to 8) and before 17 (in the last frames, 16 to 19)
    const sampled = await sample(20, facesAt, [6, 17]);
    expect(sampled.looked).toEqual([0, 4, 8, 6, 12, 16, 19, 18]);
    expectEveryFrame(sampled, 20, facesAt);
  });

  it('looks at the frames between where the faces change, and records the faces it found at every one', async () => {
    // the face jumps across the frame at frame 7, and is gone from frame 12 to 15
    const facesAt = (index: number) => (index >= 12 && index < 16 ? [] : [face(index < 7 ? 400 : 1400, 300)]);
    const sampled = await sample(20, facesAt);
    // blocks 4–8, 8–12 and 12–16 disagree at their ends: their middles are looked at, and where a face jumped,
    // came or went (7, 11, 15) the frame before too; 16–19 agree again
    expect(sampled.looked).toEqual([0, 4, 8, 6, 7, 12, 10, 11, 16, 14, 15, 19]);
    expectEveryFrame(sampled, 20, facesAt);
  });

  it('follows a face on its course only from a frame looked at two samples before', async () => {
    // still up to frame 4, then 20 px a frame: 40 px between frames two apart, too far for a still face
    const facesAt = (index: number) => [face(400 + 20 * Math.max(0, index - 4), 300)];
    const sampled = await sample(13, facesAt);
    // frame 2 was not looked at, so the face has no course at 4 and frame 5 is looked at; from 8 on its course
    // (from 6, and from 8) carries it across 9 and 11
    expect(sampled.looked).toEqual([0, 4, 8, 6, 5, 12, 10]);
    expectEveryFrame(sampled, 13, facesAt);
  });
});
