import type { FaceDetector } from '../../engines/faces/detector.ts';
import { OUTPUT_FPS } from '../../media/render-args.ts';
import type { Layout, Logger } from '../types.ts';
import { analyseSegment, type SegmentAnalysis } from './analyse.ts';
import { cropPath, type FaceObservation } from './crop-path.ts';
import { cropSize } from './filters.ts';
import type { FramingPlan, Region, Size } from './types.ts';

export interface FramingRequest {
  videoPath: string;
  start: number;
  end: number;
  layout: Layout;
  sourceSize: Size;
  outputSize: Size;
  signal: AbortSignal;
  /** loads the face detector; only `auto` asks for it */
  detector: () => Promise<FaceDetector>;
  log?: Logger;
  ffmpegPath?: string;
  onProgress?: (fraction: number) => void;
}

/** Size of each half of a stacked split. */
export function splitHalf(output: Size): Size {
  return { width: output.width, height: Math.round(output.height / 4) * 2 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Two comparable faces further apart than one crop can show, left one first; undefined otherwise. */
export function farPair(
  faces: FaceObservation[],
  crop: Size,
): [FaceObservation, FaceObservation] | undefined {
  if (faces.length < 2) return undefined;
  const [a, b] = [...faces].sort((x, y) => y.size - x.size);
  if (b.size < a.size * 0.5) return undefined;
  const span = Math.abs(a.cx - b.cx) + (a.size + b.size) / 2;
  if (span <= crop.width * 0.95) return undefined;
  return a.cx < b.cx ? [a, b] : [b, a];
}

/** A region of the split's aspect around a face, face at the upper third, kept inside the source. */
export function regionAround(face: FaceObservation, half: Size, source: Size): Region {
  const aspect = half.width / half.height;
  const height = Math.min(source.height, source.width / aspect, face.size * 3.2);
  const width = height * aspect;
  const cx = Math.min(source.width - width / 2, Math.max(width / 2, face.cx));
  const top = Math.min(source.height - height, Math.max(0, face.cy - height / 3));
  return { cx, cy: top + height / 2, width };
}

/**
 * The framing of an analysed segment: a stacked split when two people far apart are seen together most of the
 * time, a tracked crop when a face is seen, else a centre crop.
 */
export function planFromAnalysis(
  analysis: SegmentAnalysis,
  source: Size,
  output: Size,
  duration: number,
): FramingPlan {
  const crop = cropSize(source, output);
  const withFaces = analysis.samples.filter((sample) => sample.faces.length > 0);
  if (withFaces.length === 0 || crop.width >= source.width) return { kind: 'fill' };
  const pairs = withFaces.map((sample) => farPair(sample.faces, crop)).filter((pair) => pair !== undefined);
  const portrait = output.height > output.width;
  if (portrait && pairs.length >= withFaces.length * 0.6) {
    const half = splitHalf(output);
    const typical = (side: 0 | 1): FaceObservation => ({
      cx: median(pairs.map((pair) => pair[side].cx)),
      cy: median(pairs.map((pair) => pair[side].cy)),
      size: median(pairs.map((pair) => pair[side].size)),
      score: 1,
    });
    return {
      kind: 'split',
      top: regionAround(typical(0), half, source),
      bottom: regionAround(typical(1), half, source),
    };
  }
  return {
    kind: 'track',
    crop,
    fps: OUTPUT_FPS,
    points: cropPath(analysis.samples, { source, crop, duration, fps: OUTPUT_FPS, cuts: analysis.cuts }),
    cuts: analysis.cuts,
  };
}

/** How a short's picture is framed: `auto` looks at the segment's faces; the other layouts are fixed. */
export async function planFraming(req: FramingRequest): Promise<FramingPlan> {
  if (req.layout === 'fit') return done(req, { kind: 'fit' });
  if (req.layout === 'fill') return done(req, { kind: 'fill' });
  const crop = cropSize(req.sourceSize, req.outputSize);
  // a source already of the output's shape has nothing to follow
  if (crop.width >= req.sourceSize.width && crop.height >= req.sourceSize.height)
    return done(req, { kind: 'fill' });
  let detector: FaceDetector;
  try {
    detector = await req.detector();
  } catch (error) {
    req.log?.warn(`${error instanceof Error ? error.message : String(error)}; using a centre crop`);
    return done(req, { kind: 'fill' });
  }
  const analysis = await analyseSegment({
    videoPath: req.videoPath,
    start: req.start,
    end: req.end,
    source: req.sourceSize,
    detector,
    signal: req.signal,
    ffmpegPath: req.ffmpegPath,
    onProgress: req.onProgress,
  });
  return planFromAnalysis(analysis, req.sourceSize, req.outputSize, req.end - req.start);
}

function done(req: FramingRequest, plan: FramingPlan): FramingPlan {
  req.onProgress?.(1);
  return plan;
}
