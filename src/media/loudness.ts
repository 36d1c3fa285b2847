import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { audioStreamOf } from './probe.ts';
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

export function meanVolumeArgs(
  file: string,
  range?: { start: number; duration: number },
  audioStream?: number,
): string[] {
  const seek = range ? ['-ss', range.start.toFixed(3), '-t', range.duration.toFixed(3)] : [];
  return [
    '-hide_banner',
    '-nostats',
    ...seek,
    '-i',
    file,
    '-map',
    audioStreamOf(audioStream),
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
  options: { range?: { start: number; duration: number }; signal?: AbortSignal; audioStream?: number } = {},
): Promise<number> {
  let stderr: string;
  try {
    ({ stderr } = await runProcess(tools.ffmpeg, meanVolumeArgs(file, options.range, options.audioStream), {
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
/** BS.1770's absolute gate: a mix measured at or under it is silence, left as it is. */
const SILENCE_LUFS = -70;
/** A corrected mix this close to the target is close enough; more passes would gain nothing audible. */
export const LOUDNESS_TOLERANCE_LU = 0.3;

const fixed = (value: number) => value.toFixed(2);

/** The highest true peak a finished mix may have before it is encoded (dBTP). */
const MIX_PEAK_LIMIT_DB = LOUDNESS_TARGET.truePeak - ENCODER_PEAK_HEADROOM_DB;
/** How far above the plain gain the corrections may aim, for a voice whose peaks the limiter takes much from. */
const MAX_EXTRA_GAIN_DB = 6;

/** What a mix's loudness needs: nothing (silence), one gain, or a gain its peaks need a limiter under. */
export type LoudnessGain = { filter: string | undefined } | { limitFromDb: number };

/**
 * The gain that brings a measured mix (or a span of the source's loudness curve) to the target. A plain `volume`
 * when the gain keeps its true peak under the limit; otherwise the gain, to be applied with the limiter.
 */
export function loudnessGain(measured: LoudnessSummary): LoudnessGain {
  if (!Number.isFinite(measured.integrated) || measured.integrated <= SILENCE_LUFS)
    return { filter: undefined };
  const gainDb = LOUDNESS_TARGET.integrated - measured.integrated;
  if (measured.truePeak + gainDb > MIX_PEAK_LIMIT_DB) return { limitFromDb: gainDb };
  return { filter: `volume=${fixed(gainDb)}dB` };
}

/** ebur128 measuring the mix as it passes through: the pass's log ends with its summary. */
export const MEASURING_FILTER = 'ebur128=peak=true';

/**
 * A gain, then a true-peak limiter: the sound oversampled four times (as a true-peak meter reads it), limited there
 * under the peak limit, and brought back to 48 kHz, then measured. The limiter's look-ahead delay is compensated, so
 * the sound stays in step with the picture.
 */
export function limitedGainFilter(gainDb: number): string {
  const limit = 10 ** (MIX_PEAK_LIMIT_DB / 20);
  return [
    `volume=${fixed(gainDb)}dB`,
    'aresample=192000',
    `alimiter=limit=${limit.toFixed(4)}:attack=5:release=50:level=false:latency=true`,
    'aresample=48000',
    MEASURING_FILTER,
  ].join(',');
}

/**
 * The next gain after a limited pass landed at `landedLufs` with `gainDb`: moved by the miss, never under the plain
 * gain nor more than 6 dB above it.
 */
export function correctedGain(plainGainDb: number, gainDb: number, landedLufs: number): number {
  const next = gainDb + (LOUDNESS_TARGET.integrated - landedLufs);
  return Math.max(plainGainDb, Math.min(plainGainDb + MAX_EXTRA_GAIN_DB, next));
}

/** Integrated loudness and true peak of a file, from ffmpeg's ebur128 filter (an independent measurement). */
export interface LoudnessSummary {
  integrated: number;
  truePeak: number;
}

export function ebur128Args(file: string): string[] {
  return ['-hide_banner', '-nostats', '-i', file, '-vn', '-sn', '-af', MEASURING_FILTER, '-f', 'null', '-'];
}

const decibels = (value: string): number => (value === '-inf' ? Number.NEGATIVE_INFINITY : Number(value));

/** The summary ebur128 prints at the end ("I: -14.0 LUFS" … "Peak: -1.2 dBFS"), or undefined. */
export function parseEbur128Summary(log: string): LoudnessSummary | undefined {
  const at = log.lastIndexOf('Summary:');
  if (at < 0) return undefined;
  const summary = log.slice(at);
  const integrated = /I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf)\s+dBFS/.exec(summary);
  if (!integrated || !peak) return undefined;
  return { integrated: decibels(integrated[1]!), truePeak: decibels(peak[1]!) };
}

async function ffmpegLog(args: string[], tools: MediaTools, signal?: AbortSignal): Promise<string> {
  try {
    return (await runProcess(tools.ffmpeg, args, { signal })).stderr;
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
}

export function measureLoudness(
  file: string,
  tools: MediaTools,
  options: { signal?: AbortSignal } = {},
): Promise<LoudnessSummary> {
  return runMeasuredPass(ebur128Args(file), tools, options);
}

/** Runs an audio-only ffmpeg pass whose filter ends in ebur128, and reads ebur128's summary of what passed. */
export async function runMeasuredPass(
  args: string[],
  tools: MediaTools,
  options: { signal?: AbortSignal } = {},
): Promise<LoudnessSummary> {
  const summary = parseEbur128Summary(await ffmpegLog(args, tools, options.signal));
  if (!summary) throw new UnreadableMediaError();
  return summary;
}

/**
 * Brings a mix whose peaks need the limiter to the target loudness, written to `output` (the short's finished
 * sound, which the render only encodes). Passes with the limiter write the mix until one lands within the tolerance
 * of the target (at most `maxCorrections` corrections: what the limiter takes from the peaks takes some loudness
 * with it, which the next pass's gain gives back). `argsFor` builds a pass over the real mix through a filter,
 * written to `output`.
 */
export async function limitMix(
  argsFor: (filter: string, output: string) => string[],
  plainGainDb: number,
  output: string,
  tools: MediaTools,
  options: { signal?: AbortSignal; maxCorrections?: number } = {},
): Promise<void> {
  let gainDb = plainGainDb;
  for (let corrections = 0; ; corrections++) {
    const landed = await runMeasuredPass(argsFor(limitedGainFilter(gainDb), output), tools, options);
    const close = Math.abs(landed.integrated - LOUDNESS_TARGET.integrated) <= LOUDNESS_TOLERANCE_LU;
    if (close || corrections === (options.maxCorrections ?? 2)) return;
    gainDb = correctedGain(plainGainDb, gainDb, landed.integrated);
  }
}
