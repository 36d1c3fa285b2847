import type { Word } from '../domain/transcript.ts';

/** The words spoken inside [start, end], re-timed relative to `start` (for a short's captions). */
export function wordsOfSpan(words: readonly Word[], start: number, end: number): Word[] {
  const tolerance = 0.05;
  return words
    .filter((word) => word.start >= start - tolerance && word.end <= end + tolerance)
    .map((word) => ({
      ...word,
      start: Math.max(0, word.start - start),
      end: Math.min(end - start, Math.max(0, word.end - start)),
    }));
}
