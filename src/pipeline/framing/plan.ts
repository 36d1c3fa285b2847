import type { FaceDetector } from '../../engines/faces/detector.ts';
import type { SpeakingScorer } from '../../engines/speakers/lr-asd.ts';
import { OUTPUT_FPS } from '../../media/render-args.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { Layout } from '../../domain/options.ts';
import type { Logger } from '../../domain/logger.ts';
import { HOOK_TITLE_SECONDS } from '../captions/overlay-text.ts';
import type { SegmentAnalysis } from './analyse.ts';
import { analyseSpan, type AnalysedStretch } from './analysis-reuse.ts';
import { cropPath, type FaceObservation } from './crop-path.ts';
import { splitFaceBands, trackFaceBands } from './face-band.ts';
import { cropSize } from './filters.ts';
import { speakerShots } from './speaker-camera.ts';
import { speakerPlan } from './speaker-plan.ts';
import { analyseSpeakers, faceTracksOf, segmentFrames, showsSeveralFaces } from './speakers.ts';
import type { FramingPlan, Region, Size, SplitPlan, TrackPlan } from './types.ts';

export interface FramingRequest {
  videoPath: string;
  /** which of videoPath's audio streams is the speech, which the active-speaker model hears (the first when unset) */
  audioStream?: number;
  start: number;
  end: number;
  layout: Layout;
  sourceSize: Size;
  outputSize: Size;
  signal: AbortSignal;
  /** loads the face detector; only `auto` asks for it */
  detector: () => Promise<FaceDetector>;
  /** loads the active-speaker model; without it two people far apart are shown split, as before */
  speakers?: () => Promise<SpeakingScorer>;
  log?: Logger;
  tools: MediaTools;
  onProgress?: (fraction: number) => void;
  /** faces and cuts found before over another stretch of the same video: only the rest is analysed */
  analysedBefore?: AnalysedStretch;
}

/** A framing plan, with the faces and cuts it was planned from when `auto` looked for them. */
export interface PlannedFraming {
  plan: FramingPlan;
  analysed?: AnalysedStretch;
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

type SceneLayout = 'track' | 'split';

/**
 * A stacked split around the typical positions of two people seen far apart; its `faces` are the heads of the
 * `opening` pairs, those seen while the hook title shows (the typical pair when none is seen then; none when
 * the split starts after the title is gone).
 */
function splitPlan(
  pairs: [FaceObservation, FaceObservation][],
  opening: [FaceObservation, FaceObservation][] | undefined,
  source: Size,
  output: Size,
): SplitPlan {
  const half = splitHalf(output);
  const typical = (side: 0 | 1): FaceObservation => ({
    cx: median(pairs.map((pair) => pair[side].cx)),
    cy: median(pairs.map((pair) => pair[side].cy)),
    size: median(pairs.map((pair) => pair[side].size)),
    score: 1,
  });
  const regions = {
    top: regionAround(typical(0), half, source),
    bottom: regionAround(typical(1), half, source),
  };
  const typicalPair: [FaceObservation, FaceObservation] = [typical(0), typical(1)];
  const seen = opening === undefined ? [] : opening.length > 0 ? opening : [typicalPair];
  return { kind: 'split', ...regions, faces: splitFaceBands(seen, regions, source, output) };
}

/** Samples in [start, end), with times and cuts made relative to `start`. */
function slice(analysis: SegmentAnalysis, start: number, end: number): SegmentAnalysis {
  return {
    samples: analysis.samples
      .filter((sample) => sample.t >= start && sample.t < end)
      .map((sample) => ({ ...sample, t: sample.t - start })),
    cuts: analysis.cuts.filter((cut) => cut > start && cut < end).map((cut) => cut - start),
  };
}

function farPairs(analysis: SegmentAnalysis, crop: Size): [FaceObservation, FaceObservation][] {
  return analysis.samples.map((sample) => farPair(sample.faces, crop)).filter((pair) => pair !== undefined);
}

/** Split when two people far apart are seen together in most sampled frames that show anyone. */
function sceneLayout(analysis: SegmentAnalysis, crop: Size, portrait: boolean): SceneLayout {
  const withFaces = analysis.samples.filter((sample) => sample.faces.length > 0).length;
  return portrait && withFaces > 0 && farPairs(analysis, crop).length >= withFaces * 0.6 ? 'split' : 'track';
}

/** Runs of scenes that share a layout; a run shorter than `minSeconds` joins the run before it. */
export function layoutRuns(
  scenes: { start: number; end: number; layout: SceneLayout }[],
  minSeconds = 1.5,
): { start: number; end: number; layout: SceneLayout }[] {
  const runs: { start: number; end: number; layout: SceneLayout }[] = [];
  for (const scene of scenes) {
    const last = runs[runs.length - 1];
    if (last && (last.layout === scene.layout || scene.end - scene.start < minSeconds)) last.end = scene.end;
    else runs.push({ ...scene });
  }
  if (runs.length > 1 && runs[0].end - runs[0].start < minSeconds) {
    runs[1].start = runs[0].start;
    runs.shift();
  }
  return runs;
}

/** The framing of one run; `opening` is how many of its first seconds the hook title is shown over. */
function runPlan(
  analysis: SegmentAnalysis,
  layout: SceneLayout,
  source: Size,
  output: Size,
  duration: number,
  opening: number,
): TrackPlan | SplitPlan {
  const crop = cropSize(source, output);
  if (layout === 'split')
    return splitPlan(
      farPairs(analysis, crop),
      opening > 0 ? farPairs(slice(analysis, 0, opening), crop) : undefined,
      source,
      output,
    );
  const points = cropPath(analysis.samples, { source, crop, duration, fps: OUTPUT_FPS, cuts: analysis.cuts });
  const track = { crop, fps: OUTPUT_FPS, points };
  return {
    kind: 'track',
    ...track,
    cuts: analysis.cuts,
    faces: trackFaceBands(analysis.samples, track, opening),
  };
}

/**
 * The framing of an analysed segment, decided scene by scene: a stacked split for scenes where two people far
 * apart are seen together, a tracked crop elsewhere; a centre crop when nobody is seen at all. Tracked and split
 * parts record where heads are over the opening seconds, for the hook title to keep off them.
 */
export function planFromAnalysis(
  analysis: SegmentAnalysis,
  source: Size,
  output: Size,
  duration: number,
): FramingPlan {
  const crop = cropSize(source, output);
  const anyFace = analysis.samples.some((sample) => sample.faces.length > 0);
  if (!anyFace || (crop.width >= source.width && crop.height >= source.height)) return { kind: 'fill' };
  const portrait = output.height > output.width;
  const bounds = [0, ...analysis.cuts, duration];
  const scenes = bounds.slice(0, -1).map((start, i) => {
    const end = bounds[i + 1];
    return { start, end, layout: sceneLayout(slice(analysis, start, end), crop, portrait) };
  });
  const runs = layoutRuns(scenes);
  if (runs.length === 1)
    return runPlan(analysis, runs[0].layout, source, output, duration, HOOK_TITLE_SECONDS);
  return {
    kind: 'sequence',
    parts: runs.map((run) => ({
      start: run.start,
      end: run.end,
      plan: runPlan(
        slice(analysis, run.start, run.end),
        run.layout,
        source,
        output,
        run.end - run.start,
        Math.max(0, HOOK_TITLE_SECONDS - run.start),
      ),
    })),
  };
}

/** How a short's picture is framed: `auto` looks at the segment's faces; the other layouts are fixed. */
export async function planFraming(req: FramingRequest): Promise<FramingPlan> {
  return (await planFramingFromFaces(req)).plan;
}

/** The framing of a short, with the faces and cuts `auto` found (for a later framing of other bounds to reuse). */
/** Whether a layout frames the picture by the faces in it: not a fixed one, nor a source already of the output's shape. */
export function followsFaces(layout: Layout, sourceSize: Size, outputSize: Size): boolean {
  if (layout === 'fit' || layout === 'fill') return false;
  const crop = cropSize(sourceSize, outputSize);
  return crop.width < sourceSize.width || crop.height < sourceSize.height;
}

export async function planFramingFromFaces(req: FramingRequest): Promise<PlannedFraming> {
  if (req.layout === 'fit') return done(req, { kind: 'fit' });
  if (!followsFaces(req.layout, req.sourceSize, req.outputSize)) return done(req, { kind: 'fill' });
  let detector: FaceDetector;
  try {
    detector = await req.detector();
  } catch (error) {
    req.log?.warn(`${error instanceof Error ? error.message : String(error)}; using a centre crop`);
    return done(req, { kind: 'fill' });
  }
  const analysed = await analyseSpan({
    videoPath: req.videoPath,
    start: req.start,
    end: req.end,
    source: req.sourceSize,
    detector,
    signal: req.signal,
    tools: req.tools,
    onProgress: req.onProgress,
    kept: req.analysedBefore,
  });
  const { analysis } = analysed;
  const followingSpeakers = req.speakers && (await activeSpeakerPlan(req, analysis, req.speakers));
  if (followingSpeakers) return { plan: followingSpeakers, analysed };
  return { plan: planFromAnalysis(analysis, req.sourceSize, req.outputSize, req.end - req.start), analysed };
}

/**
 * The active-speaker camera's crop when two or more faces share the picture most of the time and someone is
 * seen to speak; undefined otherwise, or when the model cannot be loaded (then the faces are framed as before).
 */
async function activeSpeakerPlan(
  req: FramingRequest,
  analysis: SegmentAnalysis,
  loadScorer: () => Promise<SpeakingScorer>,
): Promise<TrackPlan | undefined> {
  const frames = segmentFrames(req);
  const tracks = faceTracksOf(analysis, frames);
  if (!showsSeveralFaces(tracks, frames)) return undefined;
  let scorer: SpeakingScorer;
  try {
    scorer = await loadScorer();
  } catch (error) {
    req.log?.warn(`${error instanceof Error ? error.message : String(error)}; framing faces without it`);
    return undefined;
  }
  try {
    const speakers = await analyseSpeakers({
      videoPath: req.videoPath,
      audioStream: req.audioStream,
      start: req.start,
      end: req.end,
      source: req.sourceSize,
      tracks,
      scorer,
      tools: req.tools,
      signal: req.signal,
    });
    const shots = speakerShots(speakers);
    // nobody ever clearly speaking (still mouths, or always both at once): the faces are framed as before
    if (!shots.some((shot) => shot.led)) return undefined;
    return speakerPlan({
      speakers,
      shots,
      sceneCuts: analysis.cuts,
      samples: analysis.samples,
      source: req.sourceSize,
      output: req.outputSize,
      duration: req.end - req.start,
      opening: HOOK_TITLE_SECONDS,
    });
  } finally {
    await scorer.close();
  }
}

function done(req: FramingRequest, plan: FramingPlan): PlannedFraming {
  req.onProgress?.(1);
  return { plan };
}
