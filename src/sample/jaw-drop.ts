// A jaw drop drawn into a picture: the lips part and the chin moves down by `open` pixels at the mouth's middle,
// tapering to nothing at the patch's edges, the gap between the lips filled with the dark of an open mouth.

/** A patch of RGB24 pixels around a mouth, rows packed. */
export interface Patch {
  width: number;
  height: number;
  data: Uint8Array;
}

const MOUTH_INSIDE = [40, 14, 18];

/** 1 at the centre, 0 at `half` away and beyond, smooth between (a raised cosine). */
const taper = (offset: number, half: number) =>
  Math.abs(offset) >= half ? 0 : 0.5 + 0.5 * Math.cos((Math.PI * offset) / half);

/**
 * `patch` with the part below the mouth line (row `mouthRow`, centred on column `mouthCol`, `mouthWidth` wide)
 * pushed down by up to `open` pixels, fading out towards the patch's bottom edge; the opened gap is mouth-dark.
 */
export function jawDrop(
  patch: Patch,
  mouth: { row: number; col: number; width: number },
  open: number,
): Uint8Array {
  const out = Uint8Array.from(patch.data);
  if (open <= 0) return out;
  const depth = patch.height - mouth.row;
  for (let x = 0; x < patch.width; x++) {
    const across = taper(x - mouth.col, mouth.width / 2 + 4);
    const gap = open * taper(x - mouth.col, mouth.width / 2);
    for (let y = mouth.row; y < patch.height; y++) {
      // the chin moves the whole drop, the neck below it less and less, the patch's edge not at all
      const shift = open * across * Math.min(1, (2 * (patch.height - y)) / depth);
      const from = y - shift;
      const target = (y * patch.width + x) * 3;
      if (y - mouth.row < gap && from < mouth.row) {
        out.set(MOUTH_INSIDE, target);
        continue;
      }
      const low = Math.max(0, Math.floor(from));
      const f = from - low;
      for (let k = 0; k < 3; k++) {
        const a = patch.data[(low * patch.width + x) * 3 + k];
        const b = patch.data[(Math.min(patch.height - 1, low + 1) * patch.width + x) * 3 + k];
        out[target + k] = Math.round(a * (1 - f) + b * f);
      }
    }
  }
  return out;
}

/** How far a mouth opens per video frame: its voice's loudness over the frame, relative to the voice's loud frames. */
export function mouthOpenings(loudness: number[], maxOpen: number): number[] {
  const sorted = [...loudness].filter((value) => value > 0).sort((a, b) => a - b);
  const loud = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
  if (loud === 0) return loudness.map(() => 0);
  return loudness.map((value) => maxOpen * Math.min(1, value / loud) ** 0.7);
}

/** The RMS of `samples` over each video frame [t/fps, (t+1)/fps). */
export function frameLoudness(
  samples: Int16Array,
  sampleRate: number,
  fps: number,
  frames: number,
): number[] {
  return Array.from({ length: frames }, (_, t) => {
    const from = Math.round((t * sampleRate) / fps);
    const to = Math.min(samples.length, Math.round(((t + 1) * sampleRate) / fps));
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i] * samples[i];
    return to > from ? Math.sqrt(sum / (to - from)) : 0;
  });
}
