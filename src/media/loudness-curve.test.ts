import { beforeAll, describe, expect, it } from 'vitest';
import { clippedTalk, steppedTalk } from '../../test/helpers/media.ts';
import { cachedSample, SHARED_SAMPLES } from '../../test/helpers/sample-cache.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { parseEbur128Summary } from './loudness.ts';
import {
  curveFromSteps,
  FLOOR_DB,
  loudnessCurveArgs,
  measureLoudnessCurve,
  parseCurveStep,
  type LoudnessCurve,
} from './loudness-curve.ts';
import { runProcess } from './process.ts';
import { MIX_AUDIO_FORMAT } from './render-args.ts';
import { spanLoudness } from './span-loudness.ts';

const line = (t: string, m: string, peaks: string) =>
  `[Parsed_ebur128_1 @ 0x55d] t: ${t}  TARGET:-23 LUFS    M:${m} S:-120.7     I: -70.0 LUFS       ` +
  `LRA:   0.0 LU  FTPK: ${peaks} dBFS  TPK: -9.0  -9.0 dBFS`;

describe('the loudness curve pass', () => {
  it('measures the window as the mix hears it: same seek, first audio stream, mix format, a line per step', () => {
    expect(loudnessCurveArgs('/in.mp4', { start: 12.5, end: 72.25 })).toEqual([
      ...['-hide_banner', '-nostats', '-ss', '12.500', '-t', '59.750', '-i', '/in.mp4', '-map', '0:a:0'],
      ...['-af', `${MIX_AUDIO_FORMAT},ebur128=framelog=info:peak=true`, '-f', 'null', '-'],
    ]);
  });

  it('reads a step per log line: momentary loudness and the loudest channel’s true peak', () => {
    expect(parseCurveStep(line('0.499979', ' -21.3', ' -4.2  -6.0'))).toEqual({
      t: 0.499979,
      momentary: -21.3,
      truePeaks: [-4.2, -6],
    });
    // digital silence, and the `nan` ebur128 writes for a block of it just after sound
    expect(parseCurveStep(line('7.49995', '   nan', ' -inf  -inf'))).toEqual({
      t: 7.49995,
      momentary: FLOOR_DB,
      truePeaks: [FLOOR_DB, FLOOR_DB],
    });
    expect(parseCurveStep('[Parsed_ebur128_1 @ 0x55d] Summary:')).toBeUndefined();
    expect(parseCurveStep('    I:         -14.1 LUFS')).toBeUndefined();
  });

  it('starts blocks with the fourth step and steps at the pass’s start', () => {
    const steps = [1, 2, 3, 4, 5].map((n) => ({
      t: n / 10 - 1 / 48000,
      momentary: -20 - n,
      truePeaks: [-10 - n, -5 - n],
    }));
    expect(curveFromSteps('/in.mp4', 30, steps)).toEqual({
      source: '/in.mp4',
      start: 30,
      momentary: [-24, -25],
      truePeak: [-6, -7, -8, -9, -10],
    });
  });
});

/** ebur128's own figures for [start, end] of `file`, cut out with the render's seek and brought to the mix format. */
async function cutOutLoudness(file: string, span: { start: number; end: number }) {
  const { stderr } = await runProcess(TEST_TOOLS.ffmpeg, [
    ...['-hide_banner', '-nostats', '-ss', span.start.toFixed(3), '-t', (span.end - span.start).toFixed(3)],
    ...['-i', file, '-map', '0:a:0', '-af', `${MIX_AUDIO_FORMAT},ebur128=peak=true`, '-f', 'null', '-'],
  ]);
  const summary = parseEbur128Summary(stderr)!;
  const threshold = Number(/Integrated loudness:\s+I:.*\s+Threshold:\s+(-?[\d.]+)/.exec(stderr)![1]);
  return { ...summary, threshold };
}

describe('a span’s loudness from the curve against ebur128 over the span cut out', () => {
  const spans = [
    { start: 0, end: 40 },
    { start: 3.37, end: 14.81 },
    { start: 12.04, end: 30.55 },
    { start: 21.5, end: 27.2 },
  ];
  let talk: string;
  let stepped: string;
  let loud: string;
  const curves = new Map<string, LoudnessCurve>();
  beforeAll(async () => {
    talk = (await cachedSample(SHARED_SAMPLES.small40)).videoPath;
    stepped = await steppedTalk(talk);
    loud = await clippedTalk(talk, 'loud');
    for (const file of [talk, stepped, loud])
      curves.set(file, await measureLoudnessCurve(file, { start: 0, end: 40 }, TEST_TOOLS));
  });

  it.each(spans)(
    'agrees within 0.2 LU over $start–$end s of a talk, one whose level steps and a loud clipped one',
    async (span) => {
      for (const file of [talk, stepped, loud]) {
        const fromCurve = spanLoudness(curves.get(file)!, span);
        const cutOut = await cutOutLoudness(file, span);
        expect(Math.abs(fromCurve.integrated - cutOut.integrated)).toBeLessThanOrEqual(0.2);
        expect(Math.abs(fromCurve.threshold - cutOut.threshold)).toBeLessThanOrEqual(0.2);
        // never under the span's own true peak; over it only by a neighbouring step's peak
        expect(fromCurve.truePeak).toBeGreaterThanOrEqual(cutOut.truePeak - 0.1);
        expect(fromCurve.truePeak).toBeLessThanOrEqual(cutOut.truePeak + 3);
      }
    },
  );

  it('measures the window it is given, on the file’s clock', async () => {
    const window = await measureLoudnessCurve(talk, { start: 10, end: 35 }, TEST_TOOLS);
    expect(window.start).toBeCloseTo(10, 3);
    expect(window.truePeak).toHaveLength(250);
    const span = { start: 12.04, end: 30.55 };
    expect(spanLoudness(window, span).integrated).toBeCloseTo(
      spanLoudness(curves.get(talk)!, span).integrated,
      1,
    );
  });
});
