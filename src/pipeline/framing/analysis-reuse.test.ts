import { describe, expect, it } from 'vitest';
import type { FaceBox, FaceDetector, RgbFrame } from '../../engines/faces/detector.ts';
import { hardSceneCut } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import type { Span } from '../cut-snap.ts';
import { mergeCuts } from './scene-cuts.ts';
import {
  analyseSpan,
  joinedAnalysis,
  reusable,
  stretchesToAnalyse,
  type AnalysedStretch,
} from './analysis-reuse.ts';
import { sceneIndex } from './crop-path.ts';
import { planFromAnalysis } from './plan.ts';
import type { FramingPlan } from './types.ts';

// A re-render's framing reuses the faces and cuts kept from the short's earlier bounds and analyses only the rest
// of its new span: the joined analysis must frame the short as an analysis of the whole new span does.

const FPS = 2;
const SOURCE = { width: 1920, height: 1080 };
const OUTPUT = { width: 1080, height: 1920 };
/** the kept analysis: the short's old bounds, in video seconds */
const KEPT_SPAN = { start: 30.3, end: 61.7 };
/** scene cuts of the video: one in the pause before the short, one at its very first frames, one inside it */
const CUTS = [28.9, 30.32, 47.15];

/** The face's fastest drift across the picture, px/s. */
const DRIFT = 150 / 4;

/** Where the one face of the video is at `time`: drifting, and elsewhere in each scene. */
const faceAt = (time: number) => {
  const scene = sceneIndex(CUTS, time);
  return {
    cx: 500 + (scene % 2) * 700 + DRIFT * 4 * Math.sin(time / 4),
    cy: 420 + 30 * Math.sin(time / 3),
    size: 260,
    score: 0.9,
  };
};

/** What analysing a stretch finds: a sample every 1/FPS s from its start, cuts after its first frame. */
function analysed(stretch: Span): AnalysedStretch {
  const samples = [];
  for (let i = 0; stretch.start + i / FPS < stretch.end; i++)
    samples.push({ t: i / FPS, faces: [faceAt(stretch.start + i / FPS)] });
  const cuts = CUTS.filter((cut) => cut > stretch.start && cut < stretch.end).map(
    (cut) => cut - stretch.start,
  );
  return { ...stretch, sampleFps: FPS, analysis: { samples, cuts: mergeCuts(cuts) } };
}

const kept = analysed(KEPT_SPAN);
const joined = (span: Span) =>
  joinedAnalysis(
    span,
    kept,
    stretchesToAnalyse(span, kept).map((stretch) => analysed(stretch)),
  );
const planOf = (analysis: ReturnType<typeof joined>, span: Span) =>
  planFromAnalysis(analysis, SOURCE, OUTPUT, span.end - span.start);
const trackOf = (plan: FramingPlan) => {
  if (plan.kind !== 'track') throw new Error(`a ${plan.kind} plan`);
  return plan;
};

describe('reusing a kept face analysis', () => {
  it('analyses only what the kept stretch does not cover, on its sampling grid and one step into it', () => {
    // start 3.2 s earlier: from the grid point before the new start to one step past the old one
    expect(stretchesToAnalyse({ start: 27.1, end: 61.7 }, kept)).toEqual([{ start: 26.8, end: 30.8 }]);
    // end 4 s later: from a step before the kept stretch's last sample
    expect(stretchesToAnalyse({ start: 30.3, end: 65.7 }, kept)).toEqual([{ start: 60.8, end: 65.7 }]);
    expect(stretchesToAnalyse({ start: 29, end: 63 }, kept)).toHaveLength(2);
    expect(stretchesToAnalyse({ start: 35, end: 50 }, kept)).toEqual([]);
  });

  it('starts at the video’s start when the grid would begin before it', () => {
    const early = analysed({ start: 0.3, end: 20 });
    expect(stretchesToAnalyse({ start: 0.1, end: 20 }, early)[0].start).toBe(0);
  });

  it('is not reused for a span it hardly overlaps, nor for another sampling rate', () => {
    expect(reusable(kept, { start: 10, end: 30.9 }, FPS)).toBe(false);
    expect(reusable(kept, { start: 10, end: 40 }, FPS)).toBe(true);
    expect(reusable(kept, { start: 10, end: 40 }, 4)).toBe(false);
  });

  it.each([
    ['start moved 3.2 s earlier', { start: 27.1, end: 61.7 }],
    ['start moved 1.4 s later', { start: 31.7, end: 61.7 }],
    ['end moved 4 s later', { start: 30.3, end: 65.7 }],
    ['end moved 6 s earlier', { start: 30.3, end: 55.7 }],
    ['both moved out', { start: 25.05, end: 68.2 }],
  ])('frames the short with %s as an analysis of the whole new span does', (_, span) => {
    const fresh = analysed(span).analysis;
    const reused = joined(span);
    // the same scene cuts, the seam's included; a sample at every step, none twice
    expect(reused.cuts).toHaveLength(fresh.cuts.length);
    reused.cuts.forEach((cut, i) => expect(cut).toBeCloseTo(fresh.cuts[i], 6));
    expect(Math.abs(reused.samples.length - fresh.samples.length)).toBeLessThanOrEqual(1);
    reused.samples
      .slice(1)
      .forEach((sample, i) => expect(sample.t - reused.samples[i].t).toBeCloseTo(1 / FPS, 6));
    expect(reused.samples[0].t).toBeGreaterThanOrEqual(0);
    expect(reused.samples[0].t).toBeLessThan(1 / FPS);
    // the crop follows the face the same way, the same jumps at the same cuts; apart only by how far the face
    // drifts in the half sampling step between the two analyses' sampling instants
    const a = trackOf(planOf(reused, span));
    const b = trackOf(planOf(fresh, span));
    expect(a.cuts).toEqual(b.cuts);
    expect(a.points).toHaveLength(b.points.length);
    const apart = Math.max(
      ...a.points.map((point, i) => Math.hypot(point.x - b.points[i].x, point.y - b.points[i].y)),
    );
    expect(apart).toBeLessThan(DRIFT / FPS / 2);
  });

  it('sees a cut at the kept stretch’s first frames, which the kept analysis could not', () => {
    expect(kept.analysis.cuts.map((cut) => cut + KEPT_SPAN.start)).not.toContainEqual(
      expect.closeTo(30.32, 6),
    );
    const span = { start: 27.1, end: 61.7 };
    expect(joined(span).cuts.map((cut) => cut + span.start)).toContainEqual(expect.closeTo(30.32, 6));
  });
});

/** A "face" detector that finds the white square of the test clip, counting the frames it is given. */
function squareFinder(): FaceDetector & { frames: number } {
  const finder = {
    frames: 0,
    detect: (frame: RgbFrame): Promise<FaceBox[]> => {
      finder.frames++;
      let [left, top, right, bottom] = [frame.width, frame.height, -1, -1];
      for (let y = 0; y < frame.height; y++)
        for (let x = 0; x < frame.width; x++) {
          const i = (y * frame.width + x) * 3;
          if (Math.min(frame.data[i], frame.data[i + 1], frame.data[i + 2]) < 220) continue;
          [left, top, right, bottom] = [
            Math.min(left, x),
            Math.min(top, y),
            Math.max(right, x),
            Math.max(bottom, y),
          ];
        }
      return Promise.resolve(
        right < 0 ? [] : [{ x: left, y: top, width: right - left + 1, height: bottom - top + 1, score: 1 }],
      );
    },
  };
  return finder;
}

describe('reusing a kept face analysis, with a real decoder', () => {
  it('decodes only the new part and finds what an analysis of the whole span finds, the cut at the seam too', async () => {
    const videoPath = await hardSceneCut();
    const request = { videoPath, source: { width: 320, height: 180 }, signal: new AbortController().signal };
    const analyse = (span: Span, detector: FaceDetector, kept?: AnalysedStretch) =>
      analyseSpan({ ...request, ...span, detector, tools: TEST_TOOLS, kept });
    // the short was cut from the scene cut on; its start moves 2 s earlier, over the cut
    const kept = await analyse({ start: 3, end: 5.8 }, squareFinder());
    expect(kept.analysis.cuts).toEqual([]);
    const span = { start: 1, end: 5.8 };
    const reusing = squareFinder();
    const reused = (await analyse(span, reusing, kept)).analysis;
    const whole = squareFinder();
    const fresh = (await analyse(span, whole)).analysis;
    expect(fresh.cuts).toHaveLength(1);
    expect(reused.cuts).toHaveLength(1);
    expect(reused.cuts[0]).toBeCloseTo(fresh.cuts[0], 1);
    // the 2 s before the kept stretch and one step into it (5 frames at 2 a second) against the whole 4.8 s (10):
    // the detector looks at frames 0 and 4, at 2 too as the cut changes the picture between, and at 3 where the
    // square jumps; the whole span's still block after the cut needs only 8, then the last, 9
    expect(reusing.frames).toBeLessThanOrEqual(4);
    expect(whole.frames).toBeGreaterThanOrEqual(6);
    expect(Math.abs(reused.samples.length - fresh.samples.length)).toBeLessThanOrEqual(1);
    // the square before the cut top left, after it bottom right, in both
    for (const analysis of [reused, fresh]) {
      const at = (t: number) => analysis.samples.find((sample) => Math.abs(sample.t - t) < 0.3)!.faces[0];
      expect(at(1)).toMatchObject({ cx: expect.closeTo(50, 0), cy: expect.closeTo(50, 0) });
      expect(at(3.5)).toMatchObject({ cx: expect.closeTo(230, 0), cy: expect.closeTo(120, 0) });
    }
  });
});
