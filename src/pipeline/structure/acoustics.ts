// Loudness over time in short steps, for placing cuts in the quietest instant of a pause and for measuring
// how a passage is delivered. Pure.

export interface Envelope {
  stepSeconds: number;
  /** RMS level of each step in dBFS (−100 for digital silence) */
  db: number[];
}

export const ENVELOPE_STEP_SECONDS = 0.02;
const SILENCE_DB = -100;

export function loudnessEnvelope(
  samples: Float32Array,
  sampleRate: number,
  stepSeconds = ENVELOPE_STEP_SECONDS,
): Envelope {
  const step = Math.max(1, Math.round(sampleRate * stepSeconds));
  const db: number[] = [];
  for (let start = 0; start < samples.length; start += step) {
    const end = Math.min(samples.length, start + step);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    const rms = Math.sqrt(sum / (end - start));
    db.push(rms > 0 ? Math.max(SILENCE_DB, Math.round(200 * Math.log10(rms)) / 10) : SILENCE_DB);
  }
  return { stepSeconds, db };
}

/** The levels of the steps inside [start, end). */
export function levelsBetween(envelope: Envelope, start: number, end: number): number[] {
  const from = Math.max(0, Math.floor(start / envelope.stepSeconds));
  const to = Math.min(envelope.db.length, Math.ceil(end / envelope.stepSeconds));
  return envelope.db.slice(from, Math.max(from, to));
}

/** The instant in [from, to] nearest `target` that is also quiet: level plus a cost for moving away. */
export function quietestNear(envelope: Envelope, target: number, from: number, to: number): number {
  if (to <= from) return Math.min(Math.max(target, from), Math.max(from, to));
  const dbPerSecond = 40;
  let best = Math.min(Math.max(target, from), to);
  let bestCost = Number.POSITIVE_INFINITY;
  const step = envelope.stepSeconds;
  for (let t = from; t <= to + 1e-9; t += step / 2) {
    const index = Math.min(envelope.db.length - 1, Math.max(0, Math.floor(t / step)));
    const level = envelope.db[index] ?? SILENCE_DB;
    const cost = level + dbPerSecond * Math.abs(t - target);
    if (cost < bestCost) {
      bestCost = cost;
      best = t;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** how far back from a detected offset the true end of speech is looked for */
const OFFSET_SEARCH_SECONDS = 0.4;

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : Number.NaN;
}

/**
 * Speech offsets moved back to where the level really falls to the pause's own floor. Over music or room tone a
 * voice-activity model lets go of speech a little late; the loudness shows where the voice stopped. Offsets
 * only move earlier, by at most 0.4 s, and never before the region's start.
 */
export function refineOffsets<T extends { start: number; end: number }>(
  regions: readonly T[],
  envelope: Envelope,
): T[] {
  return regions.map((region, index) => {
    const nextStart = regions[index + 1]?.start ?? region.end + 0.6;
    const floor = medianOf(levelsBetween(envelope, region.end, Math.min(nextStart, region.end + 0.6)));
    const speech = medianOf(levelsBetween(envelope, Math.max(region.start, region.end - 1), region.end));
    if (!Number.isFinite(floor) || !Number.isFinite(speech) || speech - floor < 6) return region;
    const threshold = floor + Math.max(4, (speech - floor) * 0.3);
    const from = Math.max(region.start, region.end - OFFSET_SEARCH_SECONDS);
    const step = envelope.stepSeconds;
    let end = from;
    for (let t = from; t < region.end; t += step) {
      const level = envelope.db[Math.floor(t / step)] ?? -100;
      if (level >= threshold) end = t + step;
    }
    return {
      ...region,
      end: Math.round(Math.min(region.end, Math.max(end, region.start + step)) * 1000) / 1000,
    };
  });
}
