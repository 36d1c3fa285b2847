// The speaker's own pause lengths: which pauses are the short ones inside a sentence and which the long ones
// between sentences. Speakers differ (a fast talker's sentence pause can be shorter than a slow one's comma),
// so the split is learned from each recording rather than fixed.

export interface PauseStatistics {
  /** pauses longer than this (seconds) are more likely between sentences than inside one */
  threshold: number;
  /** spread of log pause lengths around the threshold: how sharp the split is */
  spread: number;
  /** pauses the statistics were learned from */
  count: number;
}

/** Used while too few pauses were heard to learn from (a typical conversational split). */
export const PRIOR_PAUSES: PauseStatistics = { threshold: 0.45, spread: 0.35, count: 0 };
const MIN_PAUSES = 6;
const THRESHOLD_RANGE = { min: 0.2, max: 0.9 };
/** each group keeps at least this share of the pauses, so one very long pause cannot be a group alone */
const MIN_GROUP_SHARE = 0.05;

/**
 * Two groups of log pause lengths (Otsu's split, the 1-D optimum of 2-means); the threshold is the geometric
 * middle of the two groups' nearest members, kept within a plausible range.
 */
export function pauseStatistics(durations: readonly number[]): PauseStatistics {
  const logs = durations
    .filter((d) => d > 0.02)
    .map(Math.log)
    .sort((a, b) => a - b);
  if (logs.length < MIN_PAUSES) return PRIOR_PAUSES;
  const n = logs.length;
  const total = logs.reduce((a, b) => a + b, 0);
  const minGroup = Math.max(2, Math.floor(n * MIN_GROUP_SHARE));
  let best = -1;
  let split = Math.floor(n / 2);
  let below = 0;
  for (let k = 1; k < n; k++) {
    below += logs[k - 1];
    if (k < minGroup || n - k < minGroup) continue;
    const meanBelow = below / k;
    const meanAbove = (total - below) / (n - k);
    const variance = k * (n - k) * (meanAbove - meanBelow) ** 2;
    if (variance > best) {
      best = variance;
      split = k;
    }
  }
  const threshold = Math.exp((logs[split - 1] + logs[split]) / 2);
  const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const means = [meanOf(logs.slice(0, split)), meanOf(logs.slice(split))];
  const squares = logs.reduce((sum, value, index) => sum + (value - means[index < split ? 0 : 1]) ** 2, 0);
  const spread = Math.sqrt(squares / n);
  return {
    threshold: Math.min(THRESHOLD_RANGE.max, Math.max(THRESHOLD_RANGE.min, threshold)),
    spread: Math.min(0.6, Math.max(0.12, spread)),
    count: n,
  };
}

/** Evidence (0..1) that a pause of `duration` ends a sentence, for this speaker's statistics. */
export function sentencePauseEvidence(duration: number, stats: PauseStatistics): number {
  if (duration <= 0) return 0;
  return logistic((Math.log(duration) - Math.log(stats.threshold)) / stats.spread);
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
