import type { FaceObservation, FaceSample } from './crop-path.ts';

// The face detector is most of framing analysis's cost, and between two samples half a second apart a face mostly
// goes on as it went. So the detector looks at one sampled frame in four where the picture stays still (a talking
// head): the three between take their faces from the two looked-at ends, which is only safe where nothing can have
// happened between them, so every pair of frames in the block must show little change of pixels (no cut, no pan)
// and the faces at both ends must agree. Elsewhere it looks at every other frame, and the frame between two
// looked-at frames takes their mean where that mean is sure to be close and is looked at where it is not (a face
// came, went, jumped, grew or turned about), so every change is still seen at the full sampling rate.

/** How far (as a fraction of its size) a face may move between two looked-at frames and count as still. */
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

type FacePair = [FaceObservation, FaceObservation];

const meanSize = ([a, b]: FacePair) => (a.size + b.size) / 2;
const keptSize = (pair: FacePair) => Math.abs(pair[0].size - pair[1].size) <= GROWTH * meanSize(pair);
const stayedPut = (pair: FacePair) => distance(...pair) <= STILL * meanSize(pair);

/** The sample at `t` between the looked-at `before` and `after`: each paired face linear in time, the lower score. */
function sampleAt(before: FaceSample, after: FaceSample, pairs: FacePair[], t: number): FaceSample {
  const fraction = (t - before.t) / (after.t - before.t);
  const mix = (a: number, b: number) => a * (1 - fraction) + b * fraction;
  return {
    t,
    faces: pairs.map(([a, b]) => ({
      cx: mix(a.cx, b.cx),
      cy: mix(a.cy, b.cy),
      size: mix(a.size, b.size),
      score: Math.min(a.score, b.score),
    })),
  };
}

/**
 * The sample between the looked-at frames `before` and `after` when their faces are sure to be close to the mean
 * of the two: as many faces in both, each about as large, and either nearly still or (with `earlier`, the frame
 * looked at two samples before `before`) going on its course. Undefined when the frame between must be looked at.
 */
export function sampleBetween(
  before: FaceSample,
  after: FaceSample,
  t: number,
  earlier?: FaceSample,
): FaceSample | undefined {
  const pairs = pairFaces(before.faces, after.faces);
  const course = earlier && pairFaces(before.faces, earlier.faces);
  const onCourse = ([a, b]: FacePair) => {
    const e = course?.find(([face]) => face === a)?.[1];
    return (
      e !== undefined &&
      distance(a, b) <= JUMP * meanSize([a, b]) &&
      Math.hypot(b.cx - 2 * a.cx + e.cx, b.cy - 2 * a.cy + e.cy) <= BEND * meanSize([a, b])
    );
  };
  if (!pairs?.every((pair) => keptSize(pair) && (stayedPut(pair) || onCourse(pair)))) return undefined;
  return sampleAt(before, after, pairs, t);
}

/**
 * The samples at `times` between the looked-at frames `before` and `after`, several samples apart, when every
 * face stayed put from one to the other (as many faces, each about as large and as near); undefined otherwise.
 * No course is followed this far: a face may have turned about between.
 */
export function samplesWhileStill(
  before: FaceSample,
  after: FaceSample,
  times: number[],
): FaceSample[] | undefined {
  const pairs = pairFaces(before.faces, after.faces);
  if (!pairs?.every((pair) => keptSize(pair) && stayedPut(pair))) return undefined;
  return times.map((t) => sampleAt(before, after, pairs, t));
}

/** Sampled frames from the last looked-at one to the next the detector looks at while the picture stays still. */
const STRIDE = 4;

interface SampledFrame {
  data: Buffer;
  index: number;
}

/**
 * Takes a segment's sampled frames in order (`frame`, then `finish` after the last) and records a sample for
 * each, in order. The detector looks at every 4th frame; the three between take their faces from its two ends
 * where the picture stayed `still` from frame to frame and the faces at the ends agree. Otherwise it looks at the
 * middle one too, and each frame left between two looked-at frames takes their mean where they agree.
 */
export function skippingSampler(
  look: (data: Buffer, t: number) => Promise<FaceSample>,
  record: (sample: FaceSample) => void,
  sampleFps: number,
  still: (before: Buffer, after: Buffer) => boolean,
): { frame: (data: Buffer, index: number) => Promise<void>; finish: () => Promise<void> } {
  /** the samples of the frames looked at in the last two blocks, by index */
  const looked = new Map<number, FaceSample>();
  let last: SampledFrame | undefined;
  const held: SampledFrame[] = [];
  let pictureStill = true;

  const timeOf = (frame: SampledFrame) => frame.index / sampleFps;
  const lookAt = async (frame: SampledFrame) => {
    const sample = await look(frame.data, timeOf(frame));
    looked.set(frame.index, sample);
    return sample;
  };
  /** The mean of the looked-at frames either side of `frame`, where they agree. */
  const meanOfNeighbours = (frame: SampledFrame) => {
    const before = looked.get(frame.index - 1);
    const after = looked.get(frame.index + 1);
    return before && after && sampleBetween(before, after, timeOf(frame), looked.get(frame.index - 3));
  };
  /** Records the held frames `between` and `end` after the looked-at `start`; the detector looks at `end`. */
  const block = async (start: SampledFrame, between: SampledFrame[], end: SampledFrame) => {
    const startSample = looked.get(start.index);
    const endSample = await lookAt(end);
    const whileStill =
      pictureStill && startSample && samplesWhileStill(startSample, endSample, between.map(timeOf));
    if (whileStill) whileStill.forEach(record);
    else {
      // every other frame looked at: each one left has looked-at neighbours
      if (between.length > 1) await lookAt(between[1]);
      for (const frame of between)
        record(looked.get(frame.index) ?? meanOfNeighbours(frame) ?? (await lookAt(frame)));
    }
    record(endSample);
    for (const index of looked.keys()) if (index < end.index - 2) looked.delete(index);
  };

  return {
    async frame(data, index) {
      const frame = { data, index };
      if (!last) {
        record(await lookAt(frame));
        last = frame;
        return;
      }
      pictureStill &&= still((held.at(-1) ?? last).data, data);
      if (index - last.index < STRIDE) {
        held.push(frame);
        return;
      }
      await block(last, held.splice(0), frame);
      last = frame;
      pictureStill = true;
    },
    async finish() {
      const end = held.pop();
      if (last && end) await block(last, held.splice(0), end);
    },
  };
}
