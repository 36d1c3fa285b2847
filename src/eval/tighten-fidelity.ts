import type { Span } from '../pipeline/cut-snap.ts';

// How faithful a clip with its pauses tightened is to the talk it was cut from: how far each caption is from where
// its word really sounds in the clip (found by matching the word's own sound from the source), and whether a join
// clicks (the high frequencies at the join against those on either side). Sounds are mono samples at `rate`.

export interface Sound {
  samples: Float32Array;
  rate: number;
}

/** Seconds either side of where a word is shown in which its sound is looked for (past the 50 ms goal). */
const SEARCH_SECONDS = 0.1;
/** A word's first this many seconds are matched: enough to tell it from its neighbours, quick to slide. */
const ONSET_SECONDS = 0.15;

/** Where `piece` sounds in `sound`, seconds, looked for within `search` seconds of `near` (normalised correlation). */
export function locate(piece: Float32Array, sound: Sound, near: number, search = SEARCH_SECONDS): number {
  const { samples, rate } = sound;
  let pieceEnergy = 0;
  for (const value of piece) pieceEnergy += value * value;
  const first = Math.max(0, Math.round((near - search) * rate));
  const last = Math.min(samples.length - piece.length, Math.round((near + search) * rate));
  let best = first;
  let bestScore = -Infinity;
  for (let offset = first; offset <= last; offset++) {
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < piece.length; i++) {
      const value = samples[offset + i];
      dot += value * piece[i];
      energy += value * value;
    }
    const score = dot / Math.sqrt(energy * pieceEnergy + 1e-12);
    if (score > bestScore) {
      bestScore = score;
      best = offset;
    }
  }
  return best / rate;
}

/** A word as the talk's truth has it (source clock) and as its caption shows it (the clip's clock). */
export interface ShownWord {
  heard: Span;
  shown: Span;
}

/** Each caption's distance from where its word sounds in the clip, seconds. */
export function captionErrors(words: readonly ShownWord[], source: Sound, clip: Sound): number[] {
  return words.map(({ heard, shown }) => {
    const from = Math.round(heard.start * source.rate);
    const to = Math.round(Math.min(heard.end, heard.start + ONSET_SECONDS) * source.rate);
    const piece = source.samples.subarray(from, to);
    return Math.abs(shown.start - locate(piece, clip, shown.start));
  });
}

/** Two second-order Butterworth high-pass sections at `cutoff` Hz (as ffmpeg's `highpass` twice). */
export function highPass(sound: Sound, cutoff: number): Sound {
  const w = (2 * Math.PI * cutoff) / sound.rate;
  const alpha = Math.sin(w) / Math.SQRT2;
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const [b0, b1, b2] = [(1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0];
  const [a1, a2] = [(-2 * cos) / a0, (1 - alpha) / a0];
  const section = (input: Float32Array) => {
    const output = new Float32Array(input.length);
    let [x1, x2, y1, y2] = [0, 0, 0, 0];
    for (let i = 0; i < input.length; i++) {
      const y = b0 * input[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      [x2, x1, y2, y1] = [x1, input[i], y1, y];
      output[i] = y;
    }
    return output;
  };
  return { samples: section(section(sound.samples)), rate: sound.rate };
}

/** The peak level of [from, to) seconds, dBFS. */
export function peakDb(sound: Sound, from: number, to: number): number {
  let peak = 0;
  const end = Math.min(sound.samples.length, Math.floor(to * sound.rate));
  for (let i = Math.max(0, Math.floor(from * sound.rate)); i < end; i++)
    peak = Math.max(peak, Math.abs(sound.samples[i]));
  return 20 * Math.log10(peak + 1e-9);
}

/** Frequencies above this carry a click and little of a voice's or a music bed's body. */
const CLICK_BAND_HZ = 2000;

/** The join window: the crossfade at a join (media/tighten-args.ts) and a little either side. */
const JOIN_WINDOW = 0.02;
/** Each neighbour of a join window: close enough to stay inside a tightened pause (0.125 s either side). */
const NEIGHBOUR = 0.08;

/**
 * How far the high frequencies of the window around each join rise above the louder of its neighbours on either
 * side, dB: a click is a peak of its own there (a clean join stays at or under them).
 */
export function joinRisesDb(clip: Sound, joins: readonly number[]): number[] {
  const high = highPass(clip, CLICK_BAND_HZ);
  return joins.map((join) => {
    const before = peakDb(high, join - JOIN_WINDOW - NEIGHBOUR, join - JOIN_WINDOW);
    const after = peakDb(high, join + JOIN_WINDOW, join + JOIN_WINDOW + NEIGHBOUR);
    return peakDb(high, join - JOIN_WINDOW, join + JOIN_WINDOW) - Math.max(before, after);
  });
}
