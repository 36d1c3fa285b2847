import type { CropPoint, Size } from './types.ts';

// From face observations at a few samples per second to a crop position for every output frame: pick the
// subject, aim the crop so the face sits at the upper third, then smooth with a dead-zone and a critically
// damped spring whose speed is clamped. A scene cut resets the spring, so the crop may jump only there.

/** A face in source pixels. */
export interface FaceObservation {
  cx: number;
  cy: number;
  size: number;
  score: number;
}

/** The faces seen at time t (seconds from the short's start). */
export interface FaceSample {
  t: number;
  faces: FaceObservation[];
}

export interface CropPathOptions {
  source: Size;
  crop: Size;
  duration: number;
  fps: number;
  /** scene-cut times, seconds from the short's start */
  cuts: number[];
  /** movement of the aim point ignored, as a fraction of the crop width */
  deadZone?: number;
  /** spring natural frequency in Hz: higher follows faster */
  frequency?: number;
  /** the most the crop moves per second, in source pixels; defaults to one crop width per second */
  maxSpeed?: number;
  /** aim this many seconds ahead, so the crop is not late on a moving subject */
  lookAhead?: number;
}

interface Aim {
  t: number;
  x: number;
  y: number;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Index of the scene that time t falls in (0 before the first cut). */
export function sceneIndex(cuts: number[], t: number): number {
  let index = 0;
  while (index < cuts.length && cuts[index] <= t) index++;
  return index;
}

/**
 * The face to follow in each sample: the previous subject while it is still seen at a similar size,
 * otherwise the largest face. A scene cut forgets the previous subject.
 */
export function chooseSubjects(
  samples: FaceSample[],
  cuts: number[],
  source: Size,
): (FaceObservation | undefined)[] {
  let previous: FaceObservation | undefined;
  let previousScene = -1;
  return samples.map((sample) => {
    const scene = sceneIndex(cuts, sample.t);
    if (scene !== previousScene) previous = undefined;
    previousScene = scene;
    if (sample.faces.length === 0) return undefined;
    const largest = sample.faces.reduce((a, b) => (b.size > a.size ? b : a));
    const near = previous
      ? sample.faces
          .filter((face) => Math.abs(face.cx - previous!.cx) < source.width * 0.12)
          .filter((face) => face.size >= largest.size * 0.6)
          .sort((a, b) => Math.abs(a.cx - previous!.cx) - Math.abs(b.cx - previous!.cx))[0]
      : undefined;
    previous = near ?? largest;
    return previous;
  });
}

/** Where the crop's top-left should be to show a face centred horizontally and at the upper third. */
export function aimAt(face: FaceObservation, source: Size, crop: Size): { x: number; y: number } {
  return {
    x: clamp(face.cx - crop.width / 2, 0, source.width - crop.width),
    y: clamp(face.cy - crop.height / 3, 0, source.height - crop.height),
  };
}

/**
 * One aim per sample, with gaps filled inside each scene: a missed detection holds the last aim, a scene that
 * starts without a face takes its first aim, and a scene with no face at all is centred.
 */
export function aimsOf(samples: FaceSample[], options: CropPathOptions): Aim[] {
  const { source, crop, cuts } = options;
  const centre = { x: (source.width - crop.width) / 2, y: (source.height - crop.height) / 2 };
  const subjects = chooseSubjects(samples, cuts, source);
  const raw = subjects.map((face) => (face ? aimAt(face, source, crop) : undefined));
  const aims: Aim[] = [];
  for (let i = 0; i < samples.length; i++) {
    const scene = sceneIndex(cuts, samples[i].t);
    let aim = raw[i];
    for (let back = i - 1; !aim && back >= 0 && sceneIndex(cuts, samples[back].t) === scene; back--)
      aim = raw[back];
    for (
      let ahead = i + 1;
      !aim && ahead < samples.length && sceneIndex(cuts, samples[ahead].t) === scene;
      ahead++
    )
      aim = raw[ahead];
    aims.push({ t: samples[i].t, ...(aim ?? centre) });
  }
  return aims;
}

/** The aim at time t, interpolated between samples of the same scene. */
function aimAtTime(aims: Aim[], cuts: number[], t: number): { x: number; y: number } {
  const scene = sceneIndex(cuts, t);
  const inScene = aims.filter((aim) => sceneIndex(cuts, aim.t) === scene);
  const pool = inScene.length > 0 ? inScene : aims;
  const after = pool.findIndex((aim) => aim.t >= t);
  if (after <= 0) return pool[after === 0 ? 0 : pool.length - 1];
  const a = pool[after - 1];
  const b = pool[after];
  const f = (t - a.t) / (b.t - a.t);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** Moves `anchor` only by the part of `target`'s offset that lies beyond the dead-zone. */
export function applyDeadZone(anchor: number, target: number, deadZone: number): number {
  const offset = target - anchor;
  if (Math.abs(offset) <= deadZone) return anchor;
  return target - Math.sign(offset) * deadZone;
}

/** A crop position for every output frame (`ceil(duration * fps)` points). */
export function cropPath(samples: FaceSample[], options: CropPathOptions): CropPoint[] {
  const { source, crop, cuts, fps } = options;
  const frames = Math.max(1, Math.ceil(options.duration * fps - 1e-6));
  if (samples.length === 0) {
    const centre = {
      x: Math.round((source.width - crop.width) / 2),
      y: Math.round((source.height - crop.height) / 2),
    };
    return Array.from({ length: frames }, () => ({ ...centre }));
  }
  const aims = aimsOf(samples, options);
  const deadZone = (options.deadZone ?? 0.06) * crop.width;
  const omega = 2 * Math.PI * (options.frequency ?? 0.7);
  const maxSpeed = options.maxSpeed ?? crop.width;
  const lookAhead = options.lookAhead ?? 0.3;
  const dt = 1 / fps;
  const limits = { x: source.width - crop.width, y: source.height - crop.height };
  const state = { x: { pos: 0, vel: 0, anchor: 0 }, y: { pos: 0, vel: 0, anchor: 0 } };
  const points: CropPoint[] = [];
  let scene = -1;
  for (let frame = 0; frame < frames; frame++) {
    const t = frame * dt;
    const frameScene = sceneIndex(cuts, t);
    const aheadTime = sceneIndex(cuts, t + lookAhead) === frameScene ? t + lookAhead : t;
    const target = aimAtTime(aims, cuts, aheadTime);
    for (const axis of ['x', 'y'] as const) {
      const s = state[axis];
      if (frameScene !== scene) {
        s.anchor = target[axis];
        s.pos = target[axis];
        s.vel = 0;
        continue;
      }
      s.anchor = applyDeadZone(s.anchor, target[axis], deadZone);
      const acceleration = omega * omega * (s.anchor - s.pos) - 2 * omega * s.vel;
      s.vel = clamp(s.vel + acceleration * dt, -maxSpeed, maxSpeed);
      s.pos = clamp(s.pos + s.vel * dt, 0, limits[axis]);
    }
    scene = frameScene;
    points.push({ x: Math.round(state.x.pos), y: Math.round(state.y.pos) });
  }
  return points;
}

/** ffmpeg `sendcmd` lines that move a `crop` filter along the path, one command per frame that changes. */
export function cropCommands(points: CropPoint[], fps: number, filterName = 'crop'): string {
  const lines: string[] = [];
  let last: CropPoint | undefined;
  points.forEach((point, frame) => {
    // a hair before the frame's timestamp, so rounding never delays a command by one frame
    const at = Math.max(0, frame / fps - 0.0005).toFixed(4);
    if (!last || point.x !== last.x) lines.push(`${at} ${filterName} x ${point.x};`);
    if (!last || point.y !== last.y) lines.push(`${at} ${filterName} y ${point.y};`);
    last = point;
  });
  return `${lines.join('\n')}\n`;
}
