import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { PROGRESS_ARGS, QUIET_ARGS, createProgressParser } from './progress.ts';
import { runProcess } from './process.ts';
import { audioStreamOf } from './probe.ts';
import type { MediaTools } from './tools.ts';

/** ffmpeg arguments for a 16 kHz mono 16-bit WAV of [start, end] of `input`'s audio stream `audioStream` (MediaProbe's). */
export function extractAudioArgs(
  input: string,
  start: number,
  end: number,
  output: string,
  audioStream?: number,
): string[] {
  return [
    ...QUIET_ARGS,
    '-ss',
    start.toFixed(3),
    '-i',
    input,
    '-t',
    (end - start).toFixed(3),
    '-map',
    audioStreamOf(audioStream),
    '-ac',
    '1',
    '-ar',
    '16000',
    '-c:a',
    'pcm_s16le',
    ...PROGRESS_ARGS,
    output,
  ];
}

/** ffmpeg arguments for [start, end] of a WAV copied as it is (no re-encode) into `output`. */
export function wavSliceArgs(input: string, start: number, end: number, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...['-ss', start.toFixed(3), '-t', (end - start).toFixed(3), '-i', input],
    ...['-c', 'copy', output],
  ];
}

/** ffmpeg arguments that log every stretch of `input` quieter than −35 dB for 0.3 s or more (silencedetect). */
export function silenceDetectArgs(input: string): string[] {
  return [
    '-hide_banner',
    '-nostats',
    '-i',
    input,
    '-af',
    'silencedetect=noise=-35dB:d=0.3',
    '-f',
    'null',
    '-',
  ];
}

export async function extractAudio(
  input: string,
  start: number,
  end: number,
  output: string,
  tools: MediaTools,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void; audioStream?: number } = {},
): Promise<void> {
  try {
    await runProcess(tools.ffmpeg, extractAudioArgs(input, start, end, output, options.audioStream), {
      signal: options.signal,
      onStdoutLine: options.onProgress ? createProgressParser(end - start, options.onProgress) : undefined,
    });
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
}

/** ffmpeg arguments for [start, end] of `input`'s audio stream `audioStream` as raw 16 kHz mono 16-bit samples on stdout. */
export function rawAudioArgs(input: string, start: number, end: number, audioStream?: number): string[] {
  return [
    ...QUIET_ARGS,
    ...['-ss', start.toFixed(3), '-i', input, '-t', (end - start).toFixed(3)],
    ...['-map', audioStreamOf(audioStream), '-ac', '1', '-ar', '16000', '-f', 's16le', 'pipe:1'],
  ];
}

/** [start, end] of `input`'s audio stream `audioStream` as 16 kHz mono int16 samples, read straight from ffmpeg. */
export async function readAudioSamples(
  input: string,
  start: number,
  end: number,
  tools: MediaTools,
  signal?: AbortSignal,
  audioStream?: number,
): Promise<Int16Array> {
  const chunks: Buffer[] = [];
  try {
    await runProcess(tools.ffmpeg, rawAudioArgs(input, start, end, audioStream), {
      signal,
      maxStdoutBytes: 0,
      onStdoutData: (chunk) => chunks.push(Buffer.from(chunk)),
    });
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  const bytes = Buffer.concat(chunks);
  const aligned = new Uint8Array(bytes.length - (bytes.length % 2));
  aligned.set(bytes.subarray(0, aligned.length));
  return new Int16Array(aligned.buffer);
}
