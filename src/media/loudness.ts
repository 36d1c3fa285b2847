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
