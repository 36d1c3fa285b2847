import type { FaceSquare } from './tracks.ts';

// The model's view of a face, as its reference evaluation makes it: the track's boxes median-filtered, the frame
// padded with grey 110, a region from just above the box's centre to well below the chin, resized to 224×224
// (bilinear), turned grey, and its centre 112×112 kept: nose, mouth and chin with the mouth near the middle.

export const CROP_SIZE = 112;
const RESIZED = 224;
const CENTRE_OFFSET = (RESIZED - CROP_SIZE) / 2;
const PAD_VALUE = 110;
const MEDIAN_KERNEL = 13;

/** An RGB24 picture, rows packed. */
export interface RgbPicture {
  width: number;
  height: number;
  data: Uint8Array;
}

/** scipy's medfilt: the median of each `kernel`-wide window, zeros beyond the ends. */
export function medianFilter(values: number[], kernel = MEDIAN_KERNEL): number[] {
  const half = Math.floor(kernel / 2);
  return values.map((_, i) => {
    const window = Array.from({ length: kernel }, (__, k) => values[i - half + k] ?? 0).sort((a, b) => a - b);
    return window[half];
  });
}

/** The track's boxes with their centre and size median-filtered over the track (kernel 13). */
export function smoothBoxes(boxes: FaceSquare[]): FaceSquare[] {
  const cx = medianFilter(boxes.map((box) => box.cx));
  const cy = medianFilter(boxes.map((box) => box.cy));
  const s = medianFilter(boxes.map((box) => box.s));
  return boxes.map((_, i) => ({ cx: cx[i], cy: cy[i], s: s[i] }));
}

/** The region (in the frame's pixels, before padding) the reference resizes to 224×224 for a box. */
export function cropRegion(box: FaceSquare): { top: number; bottom: number; left: number; right: number } {
  const pad = Math.trunc(1.8 * box.s);
  return {
    top: Math.trunc(box.cy + pad - box.s) - pad,
    bottom: Math.trunc(box.cy + pad + 1.8 * box.s) - pad,
    left: Math.trunc(box.cx + pad - 1.4 * box.s) - pad,
    right: Math.trunc(box.cx + pad + 1.4 * box.s) - pad,
  };
}

/**
 * Math.round for 0 ≤ x < 2³¹, without a branch: several times faster on picture data, whose fractions a branch
 * cannot predict. x − floor(x) is exact, so the result is too.
 */
export function roundHalfUp(x: number): number {
  const whole = Math.floor(x);
  return whole + ((2 * (x - whole)) | 0);
}

/** a·(1 − w) + b·w */
const blend = (a: number, b: number, w: number) => a * (1 - w) + b * w;

/**
 * The taps of a bilinear resize of `from` pixels to 224 (OpenCV's pixel centres) for the crop's 112 output
 * pixels: the two source pixels and the second one's weight.
 */
function bilinearTaps(from: number) {
  const low = new Int32Array(CROP_SIZE);
  const high = new Int32Array(CROP_SIZE);
  const weight = new Float64Array(CROP_SIZE);
  for (let i = 0; i < CROP_SIZE; i++) {
    const x = Math.min(from - 1, Math.max(0, (i + CENTRE_OFFSET + 0.5) * (from / RESIZED) - 0.5));
    low[i] = Math.floor(x);
    high[i] = Math.min(from - 1, low[i] + 1);
    weight[i] = x - low[i];
  }
  return { low, high, weight };
}

/** The model's 112×112 grey crop of a (median-filtered) box in a frame. */
export function faceCrop(frame: RgbPicture, box: FaceSquare): Uint8Array {
  const region = cropRegion(box);
  const rows = bilinearTaps(region.bottom - region.top);
  const cols = bilinearTaps(region.right - region.left);
  const { data, width, height } = frame;
  const pixel = (y: number, x: number, k: number) =>
    y < 0 || x < 0 || y >= height || x >= width ? PAD_VALUE : data[(y * width + x) * 3 + k];
  // the resize is separable: each source row the crop touches is interpolated across once, then rows are blended
  const across = new Map<number, Float64Array>();
  const acrossRow = (row: number) => {
    let line = across.get(row);
    if (line) return line;
    line = new Float64Array(CROP_SIZE * 3);
    const y = region.top + row;
    for (let c = 0; c < CROP_SIZE; c++) {
      const left = region.left + cols.low[c];
      const right = region.left + cols.high[c];
      const h = cols.weight[c];
      for (let k = 0; k < 3; k++) line[c * 3 + k] = blend(pixel(y, left, k), pixel(y, right, k), h);
    }
    across.set(row, line);
    return line;
  };
  const out = new Uint8Array(CROP_SIZE * CROP_SIZE);
  for (let r = 0; r < CROP_SIZE; r++) {
    const upper = acrossRow(rows.low[r]);
    const lower = acrossRow(rows.high[r]);
    const v = rows.weight[r];
    for (let c = 0; c < CROP_SIZE; c++) {
      const red = roundHalfUp(blend(upper[c * 3], lower[c * 3], v));
      const green = roundHalfUp(blend(upper[c * 3 + 1], lower[c * 3 + 1], v));
      const blue = roundHalfUp(blend(upper[c * 3 + 2], lower[c * 3 + 2], v));
      out[r * CROP_SIZE + c] = roundHalfUp(0.299 * red + 0.587 * green + 0.114 * blue);
    }
  }
  return out;
}
