import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { runProcess } from './process.ts';
import { QUIET_ARGS } from './progress.ts';
import type { MediaTools } from './tools.ts';

// An MPEG transport stream (a camcorder's .mts, a broadcast or stream recording) keeps no index of its keyframes:
// ffmpeg's seek lands between two and the decoder drops every picture up to the next, so a short cut from it would
// open on a still frame for up to a keyframe interval and its picture would run on past its sound. The streams
// copied as they are into Matroska, which indexes its keyframes, seek exactly.

/** ffprobe's names of the containers whose seeks are not exact. */
const UNINDEXED_FORMATS = new Set(['mpegts']);

export function seeksInexactly(formatName: string): boolean {
  return formatName.split(',').some((name) => UNINDEXED_FORMATS.has(name));
}

/**
 * ffmpeg arguments copying every video and audio stream of `input` into the Matroska file `output`, unchanged and
 * in their order, with the streams marked default as they were (so the same audio track is the one played).
 */
export function indexedCopyArgs(input: string, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...['-i', input, '-map', '0:v', '-map', '0:a', '-c', 'copy'],
    ...['-default_mode', 'passthrough', '-f', 'matroska', output],
  ];
}

export async function makeIndexedCopy(
  input: string,
  output: string,
  tools: Pick<MediaTools, 'ffmpeg'>,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await runProcess(tools.ffmpeg, indexedCopyArgs(input, output), { signal });
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
}
