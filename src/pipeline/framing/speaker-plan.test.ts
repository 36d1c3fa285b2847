import { describe, expect, it } from 'vitest';
import { cropSize } from './filters.ts';
import { shotCuts, speakerPlan } from './speaker-plan.ts';
import type { SpeakerAnalysis } from './speakers.ts';

const FPS = 25;
const source = { width: 1280, height: 720 };
const output = { width: 1080, height: 1920 };
const crop = cropSize(source, output);

/** Two still faces at `xs` for 8 s. */
function twoFaces(xs: [number, number]): SpeakerAnalysis {
  const frames = 8 * FPS;
  const track = (cx: number) => ({
    firstFrame: 0,
    boxes: Array.from({ length: frames }, () => ({ cx, cy: 300, s: 60 })),
    scores: new Float32Array(frames),
  });
  return { fps: FPS, frames, speech: [], tracks: [track(xs[0]), track(xs[1])] };
}

const shots = [
  { startFrame: 0, track: 0, led: true },
  { startFrame: 4 * FPS, track: 1, led: true },
];

describe('shotCuts', () => {
  it('cuts between faces far apart and pans between faces close together', () => {
    expect(shotCuts(twoFaces([300, 1000]), shots, source, crop)).toEqual([4]);
    expect(shotCuts(twoFaces([500, 600]), shots, source, crop)).toEqual([]);
  });
});

describe('speakerPlan', () => {
  it('centres the crop on the face of each shot, jumping at the cut', () => {
    const plan = speakerPlan({
      speakers: twoFaces([300, 1000]),
      shots,
      sceneCuts: [],
      samples: [],
      source,
      output,
      duration: 8,
      opening: 0,
    });
    const centreAt = (seconds: number) => plan.points[Math.round(seconds * plan.fps)].x + crop.width / 2;
    expect(Math.abs(centreAt(2) - 300)).toBeLessThan(5);
    expect(Math.abs(centreAt(4.04) - 1000)).toBeLessThan(5);
    expect(centreAt(3.9)).toBeLessThan(400);
    expect(plan.cuts).toEqual([4]);
  });
});
