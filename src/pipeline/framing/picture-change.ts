import type { Size } from './types.ts';

// Whether the picture stayed still between two sampled frames, so the faces between two looked-at frames may be
// taken from them. Counting the points that changed, not averaging the change, keeps a face that drifts or talks
// (a small region) from adding up to a cut, and lets a cut or a pan (nearly every point) stand out whatever the
// colours.

/** Every GRID-th pixel of every GRID-th row is compared: 1,824 points at 456×256, a few microseconds' work. */
const GRID = 8;
/** A point changed when a colour channel moved by more than this: far above compression noise. */
const CHANGED_LEVEL = 12;
/** The picture is still while less than this fraction of its points changed: a moving head is a few per cent. */
const STILL_FRACTION = 0.25;

/** The fraction of a sparse grid of points whose colour changed between two RGB24 frames of `size`. */
export function pictureChange(a: Uint8Array, b: Uint8Array, size: Size): number {
  let points = 0;
  let changed = 0;
  for (let y = GRID / 2; y < size.height; y += GRID)
    for (let x = GRID / 2; x < size.width; x += GRID) {
      const i = (y * size.width + x) * 3;
      points++;
      if (
        Math.abs(a[i] - b[i]) > CHANGED_LEVEL ||
        Math.abs(a[i + 1] - b[i + 1]) > CHANGED_LEVEL ||
        Math.abs(a[i + 2] - b[i + 2]) > CHANGED_LEVEL
      )
        changed++;
    }
  return changed / points;
}

export const pictureStill = (a: Uint8Array, b: Uint8Array, size: Size): boolean =>
  pictureChange(a, b, size) < STILL_FRACTION;
