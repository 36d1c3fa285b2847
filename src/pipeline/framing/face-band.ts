import type { FaceObservation, FaceSample } from './crop-path.ts';
import { regionCrop } from './filters.ts';
import type { Band, CropPoint, FramingPlan, Size, SplitPlan } from './types.ts';

// Where heads are in the output picture over a short's opening seconds, so a text drawn then (the hook title)
// can stay off them. Bands are fractions of the output height, worked out from the face samples and the crop
// that shows them.

/** A head reaches this many face sizes above and below the face centre (hair and chin included). */
export const HEAD_REACH = 0.7;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const even = (value: number) => Math.max(2, Math.round(value / 2) * 2);

/** Overlapping or touching bands joined, top to bottom. */
export function mergeBands(bands: readonly Band[]): Band[] {
  const sorted = [...bands].sort((a, b) => a.top - b.top);
  const merged: Band[] = [];
  for (const band of sorted) {
    const last = merged[merged.length - 1];
    if (last && band.top <= last.bottom) last.bottom = Math.max(last.bottom, band.bottom);
    else merged.push({ ...band });
  }
  return merged;
}

/**
 * The head of `face` inside a source window (`x`, `y`, `width`, `height` in source pixels), as a band of that
 * window's height; undefined when the head lies outside it.
 */
export function headInWindow(
  face: FaceObservation,
  window: { x: number; y: number } & Size,
): Band | undefined {
  const left = face.cx - face.size / 2;
  const right = face.cx + face.size / 2;
  if (right <= window.x || left >= window.x + window.width) return undefined;
  const top = clamp01((face.cy - HEAD_REACH * face.size - window.y) / window.height);
  const bottom = clamp01((face.cy + HEAD_REACH * face.size - window.y) / window.height);
  return bottom > top ? { top, bottom } : undefined;
}

/** Heads seen in the samples before `seconds`, each through the tracked crop of its time. */
export function trackFaceBands(
  samples: readonly FaceSample[],
  track: { crop: Size; fps: number; points: readonly CropPoint[] },
  seconds: number,
): Band[] {
  if (track.points.length === 0) return [];
  const bands = samples
    .filter((sample) => sample.t < seconds)
    .flatMap((sample) => {
      const frame = Math.min(track.points.length - 1, Math.max(0, Math.round(sample.t * track.fps)));
      const window = { ...track.points[frame], ...track.crop };
      return sample.faces.map((face) => headInWindow(face, window));
    })
    .filter((band) => band !== undefined);
  return mergeBands(bands);
}

/** The two halves of a stacked split in the output: the top one, and the bottom one below it. */
export function splitHalves(output: Size): { top: Size; bottom: Size } {
  const top = { width: output.width, height: even(output.height / 2) };
  return { top, bottom: { width: output.width, height: output.height - top.height } };
}

/** Heads of the pairs (left person shown on top, right one below) in the halves of a split. */
export function splitFaceBands(
  pairs: readonly [FaceObservation, FaceObservation][],
  plan: Pick<SplitPlan, 'top' | 'bottom'>,
  source: Size,
  output: Size,
): Band[] {
  const halves = splitHalves(output);
  const topWindow = regionCrop(plan.top, halves.top, source);
  const bottomWindow = regionCrop(plan.bottom, halves.bottom, source);
  const topShare = halves.top.height / output.height;
  const bottomShare = halves.bottom.height / output.height;
  const bands = pairs.flatMap(([upper, lower]) => {
    const inTop = headInWindow(upper, topWindow);
    const inBottom = headInWindow(lower, bottomWindow);
    return [
      inTop && { top: inTop.top * topShare, bottom: inTop.bottom * topShare },
      inBottom && {
        top: topShare + inBottom.top * bottomShare,
        bottom: topShare + inBottom.bottom * bottomShare,
      },
    ];
  });
  return mergeBands(bands.filter((band) => band !== undefined));
}

/** `fit` shows the whole source across the output's width, centred: any face is inside that middle band. */
export function fitPictureBand(source: Size, output: Size): Band {
  const share = Math.min(1, (output.width * source.height) / source.width / output.height);
  return { top: (1 - share) / 2, bottom: (1 + share) / 2 };
}

/**
 * Where heads are over the first `seconds` of a short framed by `plan`; undefined when nothing is known (a
 * fixed centre crop, or a plan checkpointed before faces were recorded).
 */
export function openingFaceBands(
  plan: FramingPlan,
  source: Size,
  output: Size,
  seconds: number,
): Band[] | undefined {
  switch (plan.kind) {
    case 'fit':
      return [fitPictureBand(source, output)];
    case 'fill':
      return undefined;
    case 'track':
    case 'split':
      return plan.faces && mergeBands(plan.faces);
    case 'sequence': {
      const known = plan.parts
        .filter((part) => part.start < seconds)
        .map((part) => (part.plan.kind === 'fill' ? undefined : part.plan.faces));
      if (known.length === 0 || known.some((faces) => faces === undefined)) return undefined;
      return mergeBands(known.flatMap((faces) => faces ?? []));
    }
  }
}
