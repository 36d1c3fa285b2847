import { MFCC_COEFFICIENTS } from './mfcc.ts';

// How a track is fed to the model and its scores read back: consecutive 2-second windows, MFCC rows 4t…4t+3 with
// video frame t, and each frame's score averaged over a 5-frame box. Windows far from any frame whose score is
// wanted need not be scored at all.

export const VIDEO_FPS = 25;
/** MFCC rows per video frame (100 per second at 25 fps). */
export const ROWS_PER_FRAME = 4;
export const WINDOW_FRAMES = 2 * VIDEO_FPS;
const SMOOTHING_FRAMES = 5;

/** [start, end) frame ranges of `frames` in windows of `size`; a last piece under half a window joins the one before. */
export function scoringWindows(frames: number, size = WINDOW_FRAMES): [number, number][] {
  const windows: [number, number][] = [];
  for (let start = 0; start < frames; start += size) windows.push([start, Math.min(frames, start + size)]);
  const last = windows.at(-1);
  if (windows.length > 1 && last && last[1] - last[0] < size / 2) {
    windows.pop();
    windows[windows.length - 1][1] = frames;
  }
  return windows;
}

/**
 * The windows of `scoringWindows(wanted.length)` worth scoring: those within smoothing reach of a frame whose
 * score is `wanted`. Every wanted frame's smoothed score then comes out as if the whole track had been scored.
 */
export function wantedWindows(wanted: ArrayLike<boolean>, size = WINDOW_FRAMES): [number, number][] {
  const reach = Math.floor(SMOOTHING_FRAMES / 2);
  return scoringWindows(wanted.length, size).filter(([start, end]) => {
    for (let f = Math.max(0, start - reach); f < Math.min(wanted.length, end + reach); f++)
      if (wanted[f]) return true;
    return false;
  });
}

/**
 * The 4·(end − start) MFCC rows of frames [start, end) out of a track's MFCC (row-major, 13 wide); rows past the
 * audio's end (its last frame is a row short) repeat the last row.
 */
export function alignedRows(features: Float32Array, start: number, end: number): Float32Array {
  const available = features.length / MFCC_COEFFICIENTS;
  const rows = (end - start) * ROWS_PER_FRAME;
  const out = new Float32Array(rows * MFCC_COEFFICIENTS);
  for (let row = 0; row < rows; row++) {
    const from = Math.min(available - 1, start * ROWS_PER_FRAME + row);
    out.set(
      features.subarray(from * MFCC_COEFFICIENTS, (from + 1) * MFCC_COEFFICIENTS),
      row * MFCC_COEFFICIENTS,
    );
  }
  return out;
}

/** Each score replaced by the mean of the scores in a 5-frame box around it (fewer at the ends). */
export function boxSmooth(scores: Float32Array, width = SMOOTHING_FRAMES): Float32Array {
  const half = Math.floor(width / 2);
  return scores.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(scores.length, i + half + 1);
    let sum = 0;
    for (let k = from; k < to; k++) sum += scores[k];
    return sum / (to - from);
  });
}
