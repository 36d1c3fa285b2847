import { describe, expect, it } from 'vitest';
import {
  aimAt,
  applyDeadZone,
  chooseSubjects,
  cropCommands,
  cropPath,
  sceneIndex,
  type FaceSample,
} from './crop-path.ts';

const source = { width: 1920, height: 1080 };
const crop = { width: 608, height: 1080 };
const face = (cx: number, size = 300, cy = 450) => ({ cx, cy, size, score: 0.9 });
const samplesOf = (duration: number, at: (t: number) => FaceSample['faces'], rate = 2): FaceSample[] =>
  Array.from({ length: Math.floor(duration * rate) + 1 }, (_, i) => ({ t: i / rate, faces: at(i / rate) }));
const options = (duration: number, cuts: number[] = []) => ({ source, crop, duration, fps: 30, cuts });
const centreOf = (x: number) => x + crop.width / 2;

describe('crop path', () => {
  it('keeps a still face centred without moving', () => {
    const points = cropPath(
      samplesOf(10, () => [face(500)]),
      options(10),
    );
    expect(points).toHaveLength(300);
    expect(new Set(points.map((p) => p.x))).toEqual(new Set([500 - 304]));
  });

  it('ignores detection jitter inside the dead-zone', () => {
    const jitter = [0, 12, -9, 15, -14, 6, -3, 11];
    const points = cropPath(
      samplesOf(8, (t) => [face(900 + jitter[Math.round(t * 2) % jitter.length])]),
      options(8),
    );
    const xs = points.map((p) => p.x);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(2);
  });

  it('follows a moving face smoothly and keeps it inside the crop', () => {
    const at = (t: number) => 500 + 100 * t;
    const points = cropPath(
      samplesOf(10, (t) => [face(at(t))]),
      options(10),
    );
    points.forEach((point, frame) => {
      const t = frame / 30;
      expect(Math.abs(centreOf(point.x) - at(t))).toBeLessThan(crop.width / 2 - 150);
      if (frame > 0) expect(Math.abs(point.x - points[frame - 1].x)).toBeLessThanOrEqual(crop.width / 30 + 1);
    });
  });

  it('never moves faster than the speed limit, even when the face leaps', () => {
    const points = cropPath(
      samplesOf(6, (t) => [face(t < 3 ? 400 : 1500)]),
      { ...options(6), maxSpeed: 300 },
    );
    for (let i = 1; i < points.length; i++)
      expect(Math.abs(points[i].x - points[i - 1].x)).toBeLessThanOrEqual(11);
    expect(centreOf(points.at(-1)!.x)).toBeGreaterThan(1300);
  });

  it('jumps at a scene cut and only there', () => {
    const points = cropPath(
      samplesOf(8, (t) => [face(t < 4 ? 400 : 1500)]),
      options(8, [4]),
    );
    const cutFrame = 120;
    expect(Math.abs(points[cutFrame].x - points[cutFrame - 1].x)).toBeGreaterThan(500);
    expect(points[cutFrame].x).toBe(1500 - 304);
    const moves = points.slice(1).map((p, i) => Math.abs(p.x - points[i].x));
    expect(moves.filter((move) => move > 25)).toHaveLength(1);
  });

  it('holds the last position through missed detections and centres a scene with no face', () => {
    const points = cropPath(
      samplesOf(6, (t) => (t < 2 ? [face(500)] : t < 3 ? [] : t < 4 ? [face(500)] : [])),
      options(6, [4]),
    );
    expect(points[75].x).toBe(196);
    expect(points[170].x).toBe((1920 - 608) / 2);
  });

  it('is a centre crop with no samples at all', () => {
    expect(cropPath([], options(1))).toEqual(Array.from({ length: 30 }, () => ({ x: 656, y: 0 })));
  });

  it('stays inside the source at the frame edges', () => {
    const points = cropPath(
      samplesOf(4, () => [face(20)]),
      options(4),
    );
    expect(points.every((p) => p.x === 0)).toBe(true);
    expect(aimAt(face(1910), source, crop).x).toBe(1920 - 608);
  });
});

describe('subject choice', () => {
  it('stays with the followed face while a similar one appears elsewhere', () => {
    const samples: FaceSample[] = [
      { t: 0, faces: [face(400, 300)] },
      { t: 0.5, faces: [face(410, 280), face(1500, 320)] },
      { t: 1, faces: [face(420, 290), face(1500, 330)] },
    ];
    expect(chooseSubjects(samples, [], source).map((f) => f?.cx)).toEqual([400, 410, 420]);
  });

  it('takes the largest face after a scene cut', () => {
    const samples: FaceSample[] = [
      { t: 0, faces: [face(400, 300)] },
      { t: 1, faces: [face(420, 290), face(1500, 330)] },
    ];
    expect(chooseSubjects(samples, [0.8], source).map((f) => f?.cx)).toEqual([400, 1500]);
  });

  it('counts scenes and applies the dead-zone', () => {
    expect(sceneIndex([2, 5], 1)).toBe(0);
    expect(sceneIndex([2, 5], 2)).toBe(1);
    expect(sceneIndex([2, 5], 9)).toBe(2);
    expect(applyDeadZone(100, 120, 30)).toBe(100);
    expect(applyDeadZone(100, 150, 30)).toBe(120);
    expect(applyDeadZone(100, 40, 30)).toBe(70);
  });
});

describe('crop commands', () => {
  it('writes one sendcmd line per change, a hair before each frame', () => {
    const text = cropCommands(
      [
        { x: 10, y: 0 },
        { x: 10, y: 0 },
        { x: 12, y: 0 },
      ],
      30,
      'crop@track',
    );
    expect(text).toBe('0.0000 crop@track x 10;\n0.0000 crop@track y 0;\n0.0662 crop@track x 12;\n');
  });
});
