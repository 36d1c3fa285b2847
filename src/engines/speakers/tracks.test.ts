import { describe, expect, it } from 'vitest';
import { REFERENCE_JOINING, fillFrames, iou, joinTracks, type FrameFaces } from './tracks.ts';

const face = (cx: number, cy = 100, s = 40) => ({ cx, cy, s });
/** Two still faces seen on frames 0, 5, 10, … up to `last`. */
const twoFaces = (last: number, every = 5): FrameFaces[] =>
  Array.from({ length: Math.floor(last / every) + 1 }, (_, i) => ({
    frame: i * every,
    faces: [face(500 + i), face(100 - i)],
  }));

describe('iou', () => {
  it('is 1 for the same box, 0 for boxes apart, in between for a shifted box', () => {
    expect(iou(face(100), face(100))).toBe(1);
    expect(iou(face(100), face(300))).toBe(0);
    expect(iou(face(100), face(120))).toBeCloseTo(60 / 100, 5);
  });
});

describe('fillFrames', () => {
  it('interpolates the boxes between detections, one box per frame', () => {
    const track = fillFrames([
      { frame: 3, box: face(100) },
      { frame: 7, box: face(140) },
    ]);
    expect(track.firstFrame).toBe(3);
    expect(track.boxes.map((box) => box.cx)).toEqual([100, 110, 120, 130, 140]);
  });
});

describe('joinTracks', () => {
  it('follows two faces over every frame, each in its own track', () => {
    const tracks = joinTracks(twoFaces(50), REFERENCE_JOINING);
    expect(tracks).toHaveLength(2);
    for (const track of tracks) {
      expect(track.firstFrame).toBe(0);
      expect(track.boxes).toHaveLength(51);
    }
    expect(tracks.map((track) => Math.round(track.boxes[50].cx)).sort()).toEqual([510, 90].sort());
  });

  it('never joins across a scene cut', () => {
    const tracks = joinTracks(twoFaces(50), { ...REFERENCE_JOINING, cutFrames: [25] });
    expect(tracks).toHaveLength(4);
    expect(tracks.map((track) => track.firstFrame)).toEqual([0, 0, 25, 25]);
    expect(
      tracks.every((track) => track.firstFrame + track.boxes.length <= 25 || track.firstFrame >= 25),
    ).toBe(true);
  });

  it('ends a track after more missed frames than allowed, and drops tracks of 10 frames or fewer', () => {
    const frames: FrameFaces[] = [0, 5, 10, 15, 30, 35].map((frame) => ({ frame, faces: [face(100)] }));
    const tracks = joinTracks(frames, REFERENCE_JOINING);
    expect(tracks).toHaveLength(1);
    expect(tracks[0].boxes).toHaveLength(16);
  });

  it('starts a new track for a face that does not overlap the last box enough', () => {
    const frames: FrameFaces[] = Array.from({ length: 12 }, (_, i) => ({
      frame: i,
      faces: [face(i < 6 ? 100 : 200)],
    }));
    expect(joinTracks(frames, { ...REFERENCE_JOINING, minFrames: 3 })).toHaveLength(2);
  });
});
