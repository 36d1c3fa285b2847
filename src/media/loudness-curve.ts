import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { audioStreamOf } from './probe.ts';
import { runProcess } from './process.ts';
import { MIX_AUDIO_FORMAT } from './render-args.ts';
import type { MediaTools } from './tools.ts';

// The loudness of a source over time, measured in one audio-only pass: ebur128's momentary loudness (BS.1770's
// 400 ms gating blocks, one every 100 ms) and the true peak of every 100 ms, from which the loudness of any span
// is integrated without another pass over the audio (span-loudness.ts). The audio is measured as a short's mix
// starts from it: the same seek, resampled and laid out as the mix.

/** The hop between BS.1770's gating blocks, which is also ebur128's logging step. */
export const CURVE_STEP_SECONDS = 0.1;
/** A gating block spans four steps (400 ms). */
export const BLOCK_STEPS = 4;
/** What stands for no sound at all: JSON keeps no −∞, and −200 dB is below anything a file can hold. */
export const FLOOR_DB = -200;
const SAMPLE_RATE = 48000;

export interface LoudnessCurve {
  /** the file measured */
  source: string;
  /** where, on the file's clock, the first step starts */
  start: number;
  /** loudness (LUFS) of the 400 ms block starting at each step: block i covers start + i·0.1 s to + 0.4 s */
  momentary: number[];
  /** true peak (dBTP, its loudest channel) of each 100 ms step: step i covers start + i·0.1 s to + 0.1 s */
  truePeak: number[];
}

/** The pass over [start, end] of `file`'s audio stream `audioStream`, ebur128 logging every step (at ffmpeg's info level). */
export function loudnessCurveArgs(
  file: string,
  range: { start: number; end: number },
  audioStream?: number,
): string[] {
  return [
    '-hide_banner',
    '-nostats',
    ...['-ss', range.start.toFixed(3), '-t', (range.end - range.start).toFixed(3), '-i', file],
    ...['-map', audioStreamOf(audioStream), '-af', `${MIX_AUDIO_FORMAT},ebur128=framelog=info:peak=true`],
    ...['-f', 'null', '-'],
  ];
}

/** One step of ebur128's log: when it ends (its last sample), the momentary loudness and each channel's true peak. */
export interface CurveStep {
  t: number;
  momentary: number;
  truePeaks: number[];
}

const STEP_LINE = /\bt:\s*(\S+)\s+TARGET:.*?\bM:\s*(\S+)\s.*?\bFTPK:\s*(.*?)\s*dBFS/;

/** A level from the log; ebur128 writes `-inf` for digital silence and `nan` for a block of it just past sound. */
const decibels = (text: string): number => {
  const value = Number(text);
  return Number.isFinite(value) ? Math.max(FLOOR_DB, value) : FLOOR_DB;
};

/** A step from one line of ebur128's log, or undefined for any other line. */
export function parseCurveStep(line: string): CurveStep | undefined {
  const match = STEP_LINE.exec(line);
  if (!match) return undefined;
  const t = Number(match[1]);
  if (!Number.isFinite(t)) return undefined;
  return { t, momentary: decibels(match[2]), truePeaks: match[3].trim().split(/\s+/).map(decibels) };
}

/**
 * The curve of the steps logged over the pass that started at `start` on `source`'s clock. The first three
 * steps end blocks that began before the audio did (ebur128 logs them as silence), so blocks start with the
 * fourth. ebur128 logs the time of a step's last sample, a sample short of its end.
 */
export function curveFromSteps(source: string, start: number, steps: readonly CurveStep[]): LoudnessCurve {
  const firstStepStart =
    steps.length > 0 ? Math.round((steps[0].t + 1 / SAMPLE_RATE - CURVE_STEP_SECONDS) * 1000) / 1000 : 0;
  return {
    source,
    start: start + firstStepStart,
    momentary: steps.slice(BLOCK_STEPS - 1).map((step) => step.momentary),
    truePeak: steps.map((step) => Math.max(...step.truePeaks)),
  };
}

/** Measures the loudness curve of [start, end] of `file`. */
export async function measureLoudnessCurve(
  file: string,
  range: { start: number; end: number },
  tools: MediaTools,
  options: { signal?: AbortSignal; audioStream?: number } = {},
): Promise<LoudnessCurve> {
  const steps: CurveStep[] = [];
  try {
    await runProcess(tools.ffmpeg, loudnessCurveArgs(file, range, options.audioStream), {
      signal: options.signal,
      onStderrLine: (line) => {
        const step = parseCurveStep(line);
        if (step) steps.push(step);
      },
    });
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  return curveFromSteps(file, range.start, steps);
}
