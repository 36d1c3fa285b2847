// Candidate segments: runs of whole sentences whose span, cut to cut, lies inside the length band.

export interface Candidate {
  first: number;
  last: number;
  start: number;
  end: number;
}

/** `cutStarts[i]` / `cutEnds[i]`: where a short that starts / ends with sentence i is cut. */
export function enumerateCandidates(
  cuts: { cutStarts: readonly number[]; cutEnds: readonly number[] },
  band: { min: number; max: number },
  maxCandidates = 20_000,
): Candidate[] {
  const { cutStarts, cutEnds } = cuts;
  const candidates: Candidate[] = [];
  for (let first = 0; first < cutStarts.length; first++) {
    for (let last = first; last < cutEnds.length; last++) {
      const duration = cutEnds[last] - cutStarts[first];
      if (duration > band.max) break;
      if (duration >= band.min) {
        candidates.push({ first, last, start: cutStarts[first], end: cutEnds[last] });
        if (candidates.length >= maxCandidates) return candidates;
      }
    }
  }
  return candidates;
}

/** Greedy non-maximum suppression: best first, skipping any that overlaps a chosen one by more than `maxOverlap` s. */
export function selectNonOverlapping<T extends { start: number; end: number; score: number }>(
  scored: readonly T[],
  count: number,
  maxOverlap = 3,
): T[] {
  const chosen: T[] = [];
  for (const candidate of [...scored].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= count) break;
    const clashes = chosen.some(
      (other) => Math.min(candidate.end, other.end) - Math.max(candidate.start, other.start) > maxOverlap,
    );
    if (!clashes) chosen.push(candidate);
  }
  return chosen;
}

/** Shorts are offered one per good story: at most one per 45 s of window, at least 1, at most 10. */
export function maxShortCount(windowDuration: number): number {
  return Math.max(1, Math.min(10, Math.round(windowDuration / 45)));
}
