import { PipelineError } from '../../domain/errors.ts';

export const MAX_SOURCE_SECONDS = 18_000;

export interface TimeAdjustment {
  message: string;
  original: { start: number; end: number };
  adjusted: { start: number; end: number };
  videoDuration: number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The requested window inside a source of `duration` seconds; a window running past the end is clamped. */
export function clampWindow(
  start: number | undefined,
  end: number | undefined,
  duration: number,
): { start: number; end: number; adjustment?: TimeAdjustment } {
  const from = start ?? 0;
  if (from >= duration) {
    throw new PipelineError(`Start time ${round(from)}s is past the end of the video (${round(duration)}s)`);
  }
  if (end === undefined || end <= duration) return { start: from, end: end ?? duration };
  return {
    start: from,
    end: duration,
    adjustment: {
      message: `End time ${round(end)}s exceeds video duration ${round(duration)}s; adjusted to ${round(duration)}s`,
      original: { start: from, end },
      adjusted: { start: from, end: duration },
      videoDuration: duration,
    },
  };
}

export function checkSourceDuration(duration: number): void {
  if (duration > MAX_SOURCE_SECONDS) {
    throw new PipelineError(
      `The video is longer than 5 hours (${MAX_SOURCE_SECONDS.toLocaleString('en')} s)`,
    );
  }
}
