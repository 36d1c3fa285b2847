import type { SampleTruthTopic } from '../sample/generate.ts';

/** Share of a segment that must lie in one topic for it to count as being about that topic. */
const MAJORITY = 0.7;

/**
 * A highlight is relevant when at least 70 % of it lies inside one high-interest content topic of the ground
 * truth: it is about one good subject, not filler, not a sponsor read, not a straddle across a topic change.
 */
export function highlightRelevance(
  segment: { start: number; end: number },
  topics: readonly Pick<SampleTruthTopic, 'kind' | 'interest' | 'start' | 'end'>[],
): boolean {
  const length = segment.end - segment.start;
  if (length <= 0) return false;
  return topics.some((topic) => {
    const overlap = Math.min(segment.end, topic.end) - Math.max(segment.start, topic.start);
    return topic.kind === 'content' && topic.interest === 'high' && overlap >= MAJORITY * length;
  });
}

/** The topic a segment mostly lies in, if any covers half of it. */
export function dominantTopic<T extends Pick<SampleTruthTopic, 'start' | 'end'>>(
  segment: { start: number; end: number },
  topics: readonly T[],
): T | undefined {
  const length = segment.end - segment.start;
  let best: T | undefined;
  let bestOverlap = 0;
  for (const topic of topics) {
    const overlap = Math.min(segment.end, topic.end) - Math.max(segment.start, topic.start);
    if (overlap > bestOverlap) {
      best = topic;
      bestOverlap = overlap;
    }
  }
  return bestOverlap >= 0.5 * length ? best : undefined;
}

/** Share of a segment that lies in its single most-covered topic (1 = entirely inside one topic). */
export function sectionPurity(
  segment: { start: number; end: number },
  topics: readonly Pick<SampleTruthTopic, 'start' | 'end'>[],
): number {
  const length = segment.end - segment.start;
  if (length <= 0) return 0;
  const best = Math.max(
    0,
    ...topics.map((topic) => Math.min(segment.end, topic.end) - Math.max(segment.start, topic.start)),
  );
  return best / length;
}

/**
 * Cut points near a true sentence edge: a short's start within `tolerance` seconds of a sentence start, its end
 * within `tolerance` of a sentence end. Returns the good and the total count.
 */
export function cutPointHits(
  segments: readonly { start: number; end: number }[],
  sentences: readonly { start: number; end: number }[],
  tolerance = 0.5,
): { good: number; total: number } {
  let good = 0;
  for (const segment of segments) {
    if (sentences.some((s) => Math.abs(s.start - segment.start) <= tolerance)) good++;
    if (sentences.some((s) => Math.abs(s.end - segment.end) <= tolerance)) good++;
  }
  return { good, total: segments.length * 2 };
}
