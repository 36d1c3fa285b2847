import type { FaceObservation, FaceSample } from './crop-path.ts';

// The face detector is most of framing analysis's cost, and between two samples half a second apart a face mostly
// goes on as it went. So the detector looks at every other sampled frame; the frame between two looked-at frames
// takes their mean where that mean is sure to be close, and is looked at where it is not (a face came, went,
// jumped, grew or turned about), so every change is still seen at the full sampling rate.

/** How far (as a fraction of its size) a face may move between two looked-at frames with no frame before them. */
const STILL = 0.15;
/** How much a face's size may change between two looked-at frames, as a fraction of it. */
const GROWTH = 0.15;
/** How far a face may bend off its course (its second difference over three looked-at frames), as a fraction of
 * its size: on a smooth course the mean then misses the frame between by about an eighth of that, far inside the
 * crop's dead zone. */
const BEND = 0.3;
/** Farther than this (a fraction of its size) between two looked-at frames, a face jumped: the frame is looked at. */
const JUMP = 0.5;

/** The faces of `after` paired with those of `before` (nearest centre first), or undefined when the counts differ. */
function pairFaces(
  before: readonly FaceObservation[],
  after: readonly FaceObservation[],
): Array<[FaceObservation, FaceObservation]> | undefined {
  if (before.length !== after.length) return undefined;
  const left = [...after];
  const pairs: Array<[FaceObservation, FaceObservation]> = [];
  for (const face of before) {
    let nearest = 0;
    for (let i = 1; i < left.length; i++)
      if (distance(face, left[i]) < distance(face, left[nearest])) nearest = i;
    pairs.push([face, left.splice(nearest, 1)[0]]);
  }
  return pairs;
}

const distance = (a: FaceObservation, b: FaceObservation) => Math.hypot(a.cx - b.cx, a.cy - b.cy);

/**
 * The sample between the looked-at frames `before` and `after` when their faces are sure to be close to the mean
 * of the two: as many faces in both, each about as large, and either nearly still or (with `earlier`, the frame
 * looked at before `before`) going on its course. Undefined when the frame between must be looked at.
 */
export function sampleBetween(
  before: FaceSample,
  after: FaceSample,
  t: number,
  earlier?: FaceSample,
): FaceSample | undefined {
  const pairs = pairFaces(before.faces, after.faces);
  if (!pairs) return undefined;
  const course = earlier && pairFaces(before.faces, earlier.faces);
  const faces: FaceObservation[] = [];
  for (const [a, b] of pairs) {
    const size = (a.size + b.size) / 2;
    if (Math.abs(a.size - b.size) > GROWTH * size) return undefined;
    const e = course?.find(([face]) => face === a)?.[1];
    const still = distance(a, b) <= STILL * size;
    const onCourse =
      e !== undefined &&
      distance(a, b) <= JUMP * size &&
      Math.hypot(b.cx - 2 * a.cx + e.cx, b.cy - 2 * a.cy + e.cy) <= BEND * size;
    if (!still && !onCourse) return undefined;
    faces.push({
      cx: (a.cx + b.cx) / 2,
      cy: (a.cy + b.cy) / 2,
      size,
      score: Math.min(a.score, b.score),
    });
  }
  return { t, faces };
}

/**
 * Takes a segment's sampled frames in order (`frame`, then `finish` after the last) and records a sample for
 * each, in order: every other frame looked at, the one between from its neighbours where they agree.
 */
export function skippingSampler(
  look: (data: Buffer, t: number) => Promise<FaceSample>,
  record: (sample: FaceSample) => void,
  sampleFps: number,
): { frame: (data: Buffer, index: number) => Promise<void>; finish: () => Promise<void> } {
  let earlierLooked: FaceSample | undefined;
  let lastLooked: FaceSample | undefined;
  let held: { data: Buffer; t: number } | undefined;
  return {
    async frame(data, index) {
      const t = index / sampleFps;
      if (index % 2 === 1 && lastLooked) {
        held = { data, t };
        return;
      }
      const sample = await look(data, t);
      if (held && lastLooked)
        record(sampleBetween(lastLooked, sample, held.t, earlierLooked) ?? (await look(held.data, held.t)));
      held = undefined;
      record(sample);
      [earlierLooked, lastLooked] = [lastLooked, sample];
    },
    async finish() {
      if (held) record(await look(held.data, held.t));
      held = undefined;
    },
  };
}
