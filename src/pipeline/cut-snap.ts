import type { Word } from '../domain/transcript.ts';

// Where a requested cut lands: on the nearest word edge (a voice onset for a start, an offset for an end), so a
// short never begins or ends inside a word.

export interface Span {
  start: number;
  end: number;
}

const nearest = (edges: number[], to: number) =>
  edges.reduce((best, edge) => (Math.abs(edge - to) < Math.abs(best - to) ? edge : best));

/**
 * `requested` moved to word edges: its start to the nearest word start, its end to the nearest end of a word
 * that starts there or later. Undefined when no word is spoken at or after the snapped start.
 */
export function snapToWords(words: readonly Word[], requested: Span): Span | undefined {
  if (words.length === 0) return undefined;
  const start = nearest(
    words.map((word) => word.start),
    requested.start,
  );
  const ends = words.filter((word) => word.start >= start).map((word) => word.end);
  if (ends.length === 0) return undefined;
  const end = nearest(ends, Math.max(requested.end, start));
  return { start, end };
}

/** Whether `time` falls strictly inside a word (the check snapping must always pass). */
export function insideAWord(words: readonly Word[], time: number): boolean {
  return words.some((word) => time > word.start && time < word.end);
}
