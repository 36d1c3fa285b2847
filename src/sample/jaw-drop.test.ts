import { describe, expect, it } from 'vitest';
import { frameLoudness, jawDrop, mouthOpenings } from './jaw-drop.ts';
import { speakingPerFrame } from './two-speakers.ts';

/** A 40×40 patch whose rows are shades of their row number. */
const patch = () => {
  const data = new Uint8Array(40 * 40 * 3);
  for (let row = 0; row < 40; row++) data.fill(100 + row, row * 40 * 3, (row + 1) * 40 * 3);
  return { width: 40, height: 40, data };
};
const at = (data: Uint8Array, row: number, col: number) => data[(row * 40 + col) * 3];

describe('jawDrop', () => {
  it('opens a dark gap below the mouth line at the middle and moves the chin down', () => {
    const dropped = jawDrop(patch(), { row: 10, col: 20, width: 16 }, 6);
    expect(at(dropped, 12, 20)).toBeLessThan(60);
    expect(at(dropped, 20, 20)).toBeLessThan(120);
    expect(at(dropped, 5, 20)).toBe(105);
  });

  it('leaves the patch edges and a closed mouth untouched', () => {
    const original = patch();
    const dropped = jawDrop(original, { row: 10, col: 20, width: 16 }, 6);
    for (let row = 0; row < 40; row++) {
      expect(at(dropped, row, 0)).toBe(at(original.data, row, 0));
      expect(at(dropped, row, 39)).toBe(at(original.data, row, 39));
    }
    expect(at(dropped, 39, 20)).toBe(at(original.data, 39, 20));
    expect(jawDrop(original, { row: 10, col: 20, width: 16 }, 0)).toEqual(original.data);
  });
});

describe('mouth openings', () => {
  it('follow each frame of the voice, louder frames opening wider, silence closed', () => {
    const samples = new Int16Array(16000);
    samples.fill(1000, 0, 640);
    samples.fill(8000, 640, 1280);
    const loudness = frameLoudness(samples, 16000, 25, 25);
    expect(loudness[0]).toBeCloseTo(1000, 5);
    expect(loudness[1]).toBeCloseTo(8000, 5);
    expect(loudness[2]).toBe(0);
    const openings = mouthOpenings(loudness, 10);
    expect(openings[1]).toBeGreaterThan(openings[0]);
    expect(openings[1]).toBeLessThanOrEqual(10);
    expect(openings[2]).toBe(0);
  });
});

describe('speakingPerFrame', () => {
  it('says who speaks in each frame, both when turns overlap', () => {
    const speaking = speakingPerFrame(
      [
        { side: 'left', start: 0, end: 0.2, text: '' },
        { side: 'right', start: 0.12, end: 0.3, text: '' },
      ],
      10,
    );
    expect(speaking).toEqual(['left', 'left', 'left', 'both', 'both', 'right', 'right', null, null, null]);
  });
});
