import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROP_SIZE } from './face-crop.ts';
import { LrAsd } from './lr-asd.ts';

// The model on its scoring threads, on made-up crops and sound: what matters here is which windows are scored
// and that scoring part of a track changes none of its scores.

let model: LrAsd;
beforeAll(async () => {
  model = await LrAsd.load();
});
afterAll(() => model.close());

/** 130 frames (three windows) of grey crops with a moving pattern, and their sound. */
const track = {
  crops: Array.from({ length: 130 }, (_, f) =>
    Uint8Array.from({ length: CROP_SIZE * CROP_SIZE }, (_, i) => (i * 7 + f * 13) % 256),
  ),
  audio: Int16Array.from({ length: (130 * 16000) / 25 }, (_, i) => Math.round(Math.sin(i / 7) * 3000)),
};

describe('LrAsd', () => {
  it('scores only the windows near wanted frames, each as scoring the whole track does', async () => {
    const whole = await model.score(track);
    const part = await model.score({ ...track, wanted: track.crops.map((_, f) => f >= 60 && f < 70) });
    expect(whole.every(Number.isFinite)).toBe(true);
    // the second window, [50, 100): smoothing leaves its two edge frames on each side unknown
    const known = [...part.keys()].filter((f) => !Number.isNaN(part[f]));
    expect(known).toEqual(Array.from({ length: 46 }, (_, i) => 52 + i));
    for (const f of known) expect(part[f]).toBe(whole[f]);
  });

  it('scores two tracks at once as it scores them one after the other', async () => {
    const other = { ...track, crops: track.crops.map((crop) => crop.map((value) => 255 - value)) };
    const [first, second] = await Promise.all([model.score(track), model.score(other)]);
    expect(first).toEqual(await model.score(track));
    expect(second).toEqual(await model.score(other));
  });

  it('fails to load a model it cannot read, naming it', async () => {
    await expect(LrAsd.load('/nonexistent/model.onnx')).rejects.toThrow(/nonexistent\/model\.onnx/);
  });
});
