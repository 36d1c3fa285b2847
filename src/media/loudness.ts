import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { runProcess } from './process.ts';
import type { MediaTools } from './tools.ts';

// Mean loudness of a stretch of audio, from ffmpeg's volumedetect, so music can be set relative to the speech.

const MEAN_VOLUME = /mean_volume:\s*(-?[\d.]+|-inf) dB/;

/** The mean volume in dBFS from volumedetect's log, or undefined when it printed none. */
export function parseMeanVolume(log: string): number | undefined {
  const match = MEAN_VOLUME.exec(log);
  if (!match) return undefined;
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

export function meanVolumeArgs(file: string, range?: { start: number; duration: number }): string[] {
  const seek = range ? ['-ss', range.start.toFixed(3), '-t', range.duration.toFixed(3)] : [];
  return [
    '-hide_banner',
    '-nostats',
    ...seek,
    '-i',
    file,
    '-vn',
    '-sn',
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ];
}

export async function meanVolume(
  file: string,
  tools: MediaTools,
  options: { range?: { start: number; duration: number }; signal?: AbortSignal } = {},
): Promise<number> {
  let stderr: string;
  try {
    ({ stderr } = await runProcess(tools.ffmpeg, meanVolumeArgs(file, options.range), {
      signal: options.signal,
    }));
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  const volume = parseMeanVolume(stderr);
  if (volume === undefined) throw new UnreadableMediaError();
  return volume;
}

/**
 * The gain for a music bed so that at `volume` 100 it sits 3 dB under the speech's mean level and every step
 * down is proportional in amplitude (volume 10 → 23 dB under), whatever the two recordings' own levels.
 */
export function musicGainDb(speechDb: number, musicDb: number, volume: number): number {
  const speech = Number.isFinite(speechDb) ? speechDb : -20;
  const music = Number.isFinite(musicDb) ? musicDb : -20;
  return speech - music - 3 + 20 * Math.log10(Math.max(1, volume) / 100);
}

// Loudness normalisation (EBU R128) of a short's finished mix: −14 LUFS integrated, true peak ≤ −1 dBTP.

export const LOUDNESS_TARGET = { integrated: -14, truePeak: -1 } as const;
/** The AAC encoder lifts true peaks by up to about half a decibel, so the mix is limited this much lower. */
const ENCODER_PEAK_HEADROOM_DB = 1;
/** loudnorm's own gating floor: anything measured at or under it is silence, left as it is. */
const SILENCE_LUFS = -70;
/** A corrected mix this close to the target is close enough; more passes would gain nothing audible. */
export const LOUDNESS_TOLERANCE_LU = 0.3;

/** What loudnorm's first pass reports about its input (the values its second pass takes). */
export interface LoudnormMeasurement {
  integrated: number;
  truePeak: number;
  range: number;
  threshold: number;
  /** loudnorm's own estimate of the gain its second pass still misses */
  offset: number;
  /** what loudnorm made of it (the output of this pass) */
  outputIntegrated: number;
}

const loudnormNumber = (value: unknown): number => {
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  if (value === 'inf' || value === '+inf') return Number.POSITIVE_INFINITY;
  return Number(value);
};

/** The JSON block loudnorm prints with print_format=json (the last one in the log), or undefined. */
export function parseLoudnormJson(log: string): LoudnormMeasurement | undefined {
  const start = log.lastIndexOf('{');
  const end = log.indexOf('}', start);
  if (start < 0 || end < 0) return undefined;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(log.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (!('input_i' in fields)) return undefined;
  return {
    integrated: loudnormNumber(fields.input_i),
    truePeak: loudnormNumber(fields.input_tp),
    range: loudnormNumber(fields.input_lra),
    threshold: loudnormNumber(fields.input_thresh),
    offset: loudnormNumber(fields.target_offset),
    outputIntegrated: loudnormNumber(fields.output_i),
  };
}

/** A mix with nothing loud enough to measure (digital silence, or no sound at all) is not normalised. */
export function isSilentMix(measured: LoudnormMeasurement): boolean {
  return !Number.isFinite(measured.integrated) || measured.integrated <= SILENCE_LUFS;
}

const fixed = (value: number) => value.toFixed(2);

/** loudnorm measuring its input: the first pass. */
export function loudnormMeasuringFilter(): string {
  const { integrated, truePeak } = LOUDNESS_TARGET;
  return `loudnorm=I=${integrated}:TP=${truePeak - ENCODER_PEAK_HEADROOM_DB}:LRA=11:print_format=json`;
}

/**
 * loudnorm's second pass from the first pass's figures, aiming at `aimLufs` (the target, or a corrected aim when
 * limiting the peaks took loudness away). Linear (one gain) when the peaks allow it; loudnorm itself switches to
 * its dynamic mode when that gain would push the true peak over the limit.
 */
export function loudnormFilter(
  measured: LoudnormMeasurement,
  aimLufs: number = LOUDNESS_TARGET.integrated,
  printJson = false,
): string {
  const offset = Number.isFinite(measured.offset) ? Math.max(-99, Math.min(99, measured.offset)) : 0;
  return [
    `loudnorm=I=${fixed(aimLufs)}`,
    `TP=${LOUDNESS_TARGET.truePeak - ENCODER_PEAK_HEADROOM_DB}`,
    'LRA=11',
    `measured_I=${fixed(measured.integrated)}`,
    `measured_TP=${fixed(Number.isFinite(measured.truePeak) ? measured.truePeak : -99)}`,
    `measured_LRA=${fixed(measured.range)}`,
    `measured_thresh=${fixed(measured.threshold)}`,
    `offset=${fixed(offset)}`,
    'linear=true',
    ...(printJson ? ['print_format=json'] : []),
  ].join(':');
}

/** What the loudness curve makes of a span: a loudness filter, nothing to do (silence), or a call for loudnorm. */
export type CurveLoudnessFilter = { filter: string | undefined } | 'needs-loudnorm';

/**
 * The loudness filter of a span measured on the source's curve: the one gain that brings it to the target, when
 * that gain keeps its true peak under the limit. That is exactly what loudnorm's linear mode does (it multiplies
 * by 10^((I − measured_I)/20) under the same peak condition), but a plain `volume` skips loudnorm's resampling to
 * 192 kHz and its two meters. A span whose peaks the gain would push over the limit needs loudnorm's limiter.
 */
export function curveLoudnessFilter(span: { integrated: number; truePeak: number }): CurveLoudnessFilter {
  if (!Number.isFinite(span.integrated) || span.integrated <= SILENCE_LUFS) return { filter: undefined };
  const gainDb = LOUDNESS_TARGET.integrated - span.integrated;
  if (span.truePeak + gainDb > LOUDNESS_TARGET.truePeak - ENCODER_PEAK_HEADROOM_DB) return 'needs-loudnorm';
  return { filter: `volume=${fixed(gainDb)}dB` };
}

/**
 * The next aim after a pass landed at `landedLufs` while aiming at `aimLufs`: moved by the miss, never above
 * −5 LUFS (loudnorm's ceiling) nor more than 6 LU above the target.
 */
export function correctedAim(aimLufs: number, landedLufs: number): number {
  const next = aimLufs + (LOUDNESS_TARGET.integrated - landedLufs);
  return Math.max(LOUDNESS_TARGET.integrated, Math.min(LOUDNESS_TARGET.integrated + 6, next));
}

/** Integrated loudness and true peak of a file, from ffmpeg's ebur128 filter (an independent measurement). */
export interface LoudnessSummary {
  integrated: number;
  truePeak: number;
}

export function ebur128Args(file: string): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-vn',
    '-sn',
    '-af',
    'ebur128=peak=true',
    '-f',
    'null',
    '-',
  ];
}

/** The summary ebur128 prints at the end ("I: -14.0 LUFS" … "Peak: -1.2 dBFS"), or undefined. */
export function parseEbur128Summary(log: string): LoudnessSummary | undefined {
  const at = log.lastIndexOf('Summary:');
  if (at < 0) return undefined;
  const summary = log.slice(at);
  const integrated = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(summary);
  if (!integrated || !peak) return undefined;
  return { integrated: loudnormNumber(integrated[1]), truePeak: loudnormNumber(peak[1]) };
}

async function ffmpegLog(args: string[], tools: MediaTools, signal?: AbortSignal): Promise<string> {
  try {
    return (await runProcess(tools.ffmpeg, args, { signal })).stderr;
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
}

export async function measureLoudness(
  file: string,
  tools: MediaTools,
  options: { signal?: AbortSignal } = {},
): Promise<LoudnessSummary> {
  const summary = parseEbur128Summary(await ffmpegLog(ebur128Args(file), tools, options.signal));
  if (!summary) throw new UnreadableMediaError();
  return summary;
}

/** Runs an audio-only ffmpeg pass with loudnorm printing its JSON, and reads that JSON. */
export async function runLoudnormPass(
  args: string[],
  tools: MediaTools,
  options: { signal?: AbortSignal } = {},
): Promise<LoudnormMeasurement> {
  const measured = parseLoudnormJson(await ffmpegLog(args, tools, options.signal));
  if (!measured) throw new UnreadableMediaError();
  return measured;
}

/**
 * Brings a mix to the target loudness and writes it to `output` (the short's finished sound): measured once, then
 * passes that write the mix through loudnorm until its own output lands within the tolerance of the target (at
 * most `maxCorrections` corrections; limiting a peaky voice's peaks takes some loudness away, which one plain pass
 * would leave short). The pass that lands is the finished sound, so the render only encodes it. `argsFor` builds a
 * pass over the real mix, written to its `output` or nowhere. False for a silent mix: nothing is written, and the
 * mix is left as it is.
 */
export async function normaliseMix(
  argsFor: (filter: string, output?: string) => string[],
  output: string,
  tools: MediaTools,
  options: { signal?: AbortSignal; maxCorrections?: number } = {},
): Promise<boolean> {
  const measured = await runLoudnormPass(argsFor(loudnormMeasuringFilter()), tools, options);
  if (isSilentMix(measured)) return false;
  let aim: number = LOUDNESS_TARGET.integrated;
  for (let corrections = 0; ; corrections++) {
    const landed = await runLoudnormPass(
      argsFor(loudnormFilter(measured, aim, true), output),
      tools,
      options,
    );
    const close = Math.abs(landed.outputIntegrated - LOUDNESS_TARGET.integrated) <= LOUDNESS_TOLERANCE_LU;
    if (close || corrections === (options.maxCorrections ?? 2)) return true;
    aim = correctedAim(aim, landed.outputIntegrated);
  }
}
