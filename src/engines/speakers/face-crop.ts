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

/** Source coordinate and weight of output pixel `i` for a bilinear resize of `from` pixels to `to` (OpenCV's). */
function bilinearTaps(i: number, from: number, to: number): { low: number; high: number; weight: number } {
  const x = Math.min(from - 1, Math.max(0, (i + 0.5) * (from / to) - 0.5));
  const low = Math.floor(x);
  return { low, high: Math.min(from - 1, low + 1), weight: x - low };
}

/** The model's 112×112 grey crop of a (median-filtered) box in a frame. */
export function faceCrop(frame: RgbPicture, box: FaceSquare): Uint8Array {
  const region = cropRegion(box);
  const height = region.bottom - region.top;
  const width = region.right - region.left;
  const out = new Uint8Array(CROP_SIZE * CROP_SIZE);
  const pixel = (row: number, col: number, channel: number) => {
    const y = region.top + row;
    const x = region.left + col;
    if (y < 0 || x < 0 || y >= frame.height || x >= frame.width) return PAD_VALUE;
    return frame.data[(y * frame.width + x) * 3 + channel];
  };
  const columns = Array.from({ length: CROP_SIZE }, (_, c) =>
    bilinearTaps(c + CENTRE_OFFSET, width, RESIZED),
  );
  for (let r = 0; r < CROP_SIZE; r++) {
    const v = bilinearTaps(r + CENTRE_OFFSET, height, RESIZED);
    for (let c = 0; c < CROP_SIZE; c++) {
      const h = columns[c];
      const channel = (k: number) => {
        const top = pixel(v.low, h.low, k) * (1 - h.weight) + pixel(v.low, h.high, k) * h.weight;
        const bottom = pixel(v.high, h.low, k) * (1 - h.weight) + pixel(v.high, h.high, k) * h.weight;
        return Math.round(top * (1 - v.weight) + bottom * v.weight);
      };
      out[r * CROP_SIZE + c] = Math.round(0.299 * channel(0) + 0.587 * channel(1) + 0.114 * channel(2));
    }
  }
  return out;
}
