import type { FaceDetector } from '../../engines/faces/detector.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { Span } from '../cut-snap.ts';
import { analyseSegment, DEFAULT_ANALYSIS, type SegmentAnalysis } from './analyse.ts';
import { mergeCuts } from './scene-cuts.ts';
import type { Size } from './types.ts';

// A short framed again over new bounds (a re-render) mostly shows footage whose faces and cuts were already
// found. Only the parts of the new span outside the kept analysis are decoded and looked at; those parts are
// sampled on the kept analysis's grid, so the joined samples come at the same steady rate as one analysis.

/** Faces and cuts found over a stretch of a video (seconds in it); the analysis's times are from `start`. */
export interface AnalysedStretch {
  start: number;
  end: number;
  /** detector samples per second of the analysis */
  sampleFps: number;
  analysis: SegmentAnalysis;
}

/** Below this much shared footage, analysing the whole span once costs less than joining analyses. */
const MIN_SHARED_SECONDS = 1;

/** Whether `kept` covers enough of `span` to be reused for it. */
export function reusable(kept: AnalysedStretch, span: Span, sampleFps: number): boolean {
  const shared = Math.min(span.end, kept.end) - Math.max(span.start, kept.start);
  return kept.sampleFps === sampleFps && shared >= MIN_SHARED_SECONDS;
}

/**
 * The stretches of `span` (video seconds) `kept` does not cover, to analyse: each starts on the kept sampling
 * grid, and reaches one sample step into the kept stretch, so a scene cut at the seam is seen by one of them
 * (an analysis never reports a cut at its own first frame).
 */
export function stretchesToAnalyse(
  span: Span,
  kept: Pick<AnalysedStretch, 'start' | 'end' | 'sampleFps'>,
): Span[] {
  const step = 1 / kept.sampleFps;
  const gridAtOrBefore = (time: number) =>
    kept.start + Math.floor((time - kept.start) * kept.sampleFps + 1e-6) * step;
  const stretches: Span[] = [];
  // near the video's start the grid may begin before it: from 0, off the grid by less than a step
  if (span.start < kept.start)
    stretches.push({
      start: Math.max(0, gridAtOrBefore(span.start)),
      end: Math.min(span.end, kept.start + step),
    });
  if (span.end > kept.end) {
    // the kept analysis's last sample may fall short of its end: start on the last grid point inside it
    const start = Math.max(gridAtOrBefore(kept.end - 1e-6) - step, gridAtOrBefore(span.start));
    stretches.push({ start, end: span.end });
  }
  return stretches;
}

/**
 * One analysis of `span` from the kept one and the fresh analyses of the stretches it did not cover, with times
 * from the span's start: at each sampling instant the kept samples are preferred, and cuts seen by two analyses
 * at a seam count once.
 */
export function joinedAnalysis(
  span: Span,
  kept: AnalysedStretch,
  fresh: readonly AnalysedStretch[],
): SegmentAnalysis {
  const gridIndex = (time: number) => Math.round((time - kept.start) * kept.sampleFps);
  const samples = new Map<number, SegmentAnalysis['samples'][number]>();
  const cuts: number[] = [];
  for (const stretch of [kept, ...fresh]) {
    for (const sample of stretch.analysis.samples) {
      const time = stretch.start + sample.t;
      const index = gridIndex(time);
      if (time < span.start - 1e-6 || time >= span.end || samples.has(index)) continue;
      samples.set(index, { ...sample, t: time - span.start });
    }
    for (const cut of stretch.analysis.cuts) {
      const time = stretch.start + cut;
      if (time > span.start && time < span.end) cuts.push(time - span.start);
    }
  }
  return { samples: [...samples.values()].sort((a, b) => a.t - b.t), cuts: mergeCuts(cuts) };
}

export interface SpanToAnalyse extends Span {
  videoPath: string;
  source: Size;
  detector: FaceDetector;
  signal: AbortSignal;
  tools: MediaTools;
  onProgress?: (fraction: number) => void;
  /** an analysis of another stretch of the same video, reused where it overlaps this one */
  kept?: AnalysedStretch;
}

/** The faces and cuts of a span of a video, found afresh only where `kept` does not cover it. */
export async function analyseSpan(input: SpanToAnalyse): Promise<AnalysedStretch> {
  const { sampleFps } = DEFAULT_ANALYSIS;
  const span = { start: input.start, end: input.end };
  const analyse = (stretch: Span, onProgress?: (fraction: number) => void) =>
    analyseSegment({ ...input, ...stretch, onProgress });
  const { kept } = input;
  if (!kept || !reusable(kept, span, sampleFps))
    return { ...span, sampleFps, analysis: await analyse(span, input.onProgress) };
  const stretches = stretchesToAnalyse(span, kept);
  const total = stretches.reduce((sum, stretch) => sum + stretch.end - stretch.start, 0);
  const fresh: AnalysedStretch[] = [];
  let done = 0;
  for (const stretch of stretches) {
    const length = stretch.end - stretch.start;
    const analysis = await analyse(stretch, (f) => input.onProgress?.((done + f * length) / total));
    fresh.push({ ...stretch, sampleFps, analysis });
    done += length;
  }
  input.onProgress?.(1);
  return { ...span, sampleFps, analysis: joinedAnalysis(span, kept, fresh) };
}
