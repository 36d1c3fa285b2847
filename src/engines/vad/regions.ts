// From per-frame speech probabilities to speech regions and the pauses between them. All pure.

/** A stretch of speech, in seconds from the start of the audio. */
export interface SpeechRegion {
  start: number;
  end: number;
}

/** The gap between two speech regions. */
export interface Pause {
  start: number;
  end: number;
  duration: number;
}

export interface Hysteresis {
  /** a frame at or above this opens speech */
  enter: number;
  /** speech stays open until a frame falls below this */
  exit: number;
}

export interface RegionSettings {
  /** shorter speech blips (a click, a cough at the edge of a pause) are dropped */
  minSpeechSeconds: number;
  /** shorter dips inside speech are not pauses */
  minPauseSeconds: number;
}

/** Shorter than a fifth of a second alone is a click, a breath or the onset of a sound, not speech. */
export const DEFAULT_REGION_SETTINGS: RegionSettings = { minSpeechSeconds: 0.2, minPauseSeconds: 0.09 };

/**
 * Thresholds that follow the recording: the probability histogram of a clean talk has one peak near 0 and
 * one near 1, but a music bed or room noise lifts the pauses to 0.2–0.6. The split between the two groups
 * (Otsu's method) adapts to that, kept within [0.35, 0.8]; speech closes 0.15 under where it opens.
 */
export function adaptiveHysteresis(probabilities: ArrayLike<number>): Hysteresis {
  const bins = 50;
  const histogram = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    histogram[Math.min(bins - 1, Math.floor(probabilities[i] * bins))]++;
  }
  const total = probabilities.length;
  if (total === 0) return { enter: 0.5, exit: 0.35 };
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += ((b + 0.5) / bins) * histogram[b];
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0.5;
  let bestVariance = -1;
  for (let b = 0; b < bins - 1; b++) {
    weightBelow += histogram[b];
    sumBelow += ((b + 0.5) / bins) * histogram[b];
    const weightAbove = total - weightBelow;
    if (weightBelow === 0 || weightAbove === 0) continue;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sumAll - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = (b + 1) / bins;
    }
  }
  const enter = Math.min(0.8, Math.max(0.35, best));
  return { enter, exit: Math.max(0.1, enter - 0.15) };
}

/** Speech regions by hysteresis on the probabilities; blips and dips shorter than the settings are removed. */
export function speechRegionsFrom(
  probabilities: ArrayLike<number>,
  frameSeconds: number,
  hysteresis: Hysteresis = adaptiveHysteresis(probabilities),
  settings: RegionSettings = DEFAULT_REGION_SETTINGS,
): SpeechRegion[] {
  const raw: SpeechRegion[] = [];
  let openedAt = -1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (openedAt < 0 && p >= hysteresis.enter) openedAt = i;
    else if (openedAt >= 0 && p < hysteresis.exit) {
      raw.push({ start: openedAt * frameSeconds, end: i * frameSeconds });
      openedAt = -1;
    }
  }
  if (openedAt >= 0) raw.push({ start: openedAt * frameSeconds, end: probabilities.length * frameSeconds });
  const merged: SpeechRegion[] = [];
  for (const region of raw) {
    const previous = merged[merged.length - 1];
    if (previous && region.start - previous.end < settings.minPauseSeconds) previous.end = region.end;
    else merged.push({ ...region });
  }
  return merged
    .filter((region) => region.end - region.start >= settings.minSpeechSeconds)
    .map((region) => ({ start: round3(region.start), end: round3(region.end) }));
}

/** The pauses between consecutive speech regions. */
export function pausesBetween(regions: readonly SpeechRegion[]): Pause[] {
  return regions.slice(1).map((region, index) => {
    const start = regions[index].end;
    return { start, end: region.start, duration: round3(region.start - start) };
  });
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
