import type { Word } from '../../domain/transcript.ts';
import type { Span } from '../cut-snap.ts';

// Tightening a short (trimPauses): which stretches of its span are cut, and where its words land afterwards.
// Silences longer than MAX_PAUSE become KEPT_PAUSE long; the fillers the recogniser is sure of ("um", "uh", and
// "you know" standing alone) go, with the pause around them shortened the same way. A stretch in which the voice
// detector heard speech the recogniser has no word for is never cut.

export const MAX_PAUSE = 0.6;
export const KEPT_PAUSE = 0.25;
/** A filler is removed only when its confidence is at least this (and its times were heard, not spread). */
export const FILLER_CONFIDENCE = 0.8;
/** Cuts shorter than this are not worth a join. */
const MIN_CUT = 0.05;
/** The quiet a filler phrase needs on each side to stand alone (or a comma, or a sentence's end). */
const STANDALONE_GAP = 0.15;

const SINGLE_FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'erm', 'er']);
const PHRASE_FILLERS = [['you', 'know']];

const bare = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
const endsClause = (text: string) => /[,.;:!?]$/.test(text.trim());
const sure = (word: Word) => !word.span && (word.confidence ?? 0) >= FILLER_CONFIDENCE;

/** Indexes of the words that are fillers to remove. */
export function fillerIndexes(words: readonly Word[]): Set<number> {
  const found = new Set<number>();
  words.forEach((word, index) => {
    if (SINGLE_FILLERS.has(bare(word.text)) && sure(word)) found.add(index);
  });
  for (const phrase of PHRASE_FILLERS) {
    for (let first = 0; first + phrase.length <= words.length; first++) {
      const last = first + phrase.length - 1;
      const part = words.slice(first, last + 1);
      if (!part.every((word, k) => bare(word.text) === phrase[k] && sure(word))) continue;
      const before = words[first - 1];
      const after = words[last + 1];
      const aloneBefore =
        !before || endsClause(before.text) || words[first].start - before.end >= STANDALONE_GAP;
      const aloneAfter =
        !after || endsClause(words[last].text) || after.start - words[last].end >= STANDALONE_GAP;
      if (aloneBefore && aloneAfter) for (let k = first; k <= last; k++) found.add(k);
    }
  }
  return found;
}

/**
 * The stretches of `span` to cut, in order. `words` are the span's words and `voiced` the stretches the voice
 * detector heard speech in, all on the span's clock.
 */
export function pauseCuts(words: readonly Word[], voiced: readonly Span[], span: Span): Span[] {
  const fillers = fillerIndexes(words);
  const kept = words.filter((_, index) => !fillers.has(index));
  const removedBetween = (from: number, to: number) =>
    words.filter((word, index) => fillers.has(index) && word.start >= from && word.end <= to);
  const unworded = (cut: Span) =>
    voiced.some(
      (region) =>
        region.start >= cut.start &&
        region.end <= cut.end &&
        !words.some((word) => word.start < region.end && word.end > region.start),
    );
  const cuts: Span[] = [];
  const consider = (from: number, to: number, lead: number, trail: number) => {
    const removed = removedBetween(from, to);
    const silence = to - from - removed.reduce((sum, word) => sum + (word.end - word.start), 0);
    if (removed.length === 0 && silence <= MAX_PAUSE) return;
    const pause = Math.min(Math.max(silence, 0), KEPT_PAUSE);
    // a removed filler goes whole, even where that leaves less of a pause
    const cut = {
      start: Math.min(from + pause * lead, ...removed.map((word) => word.start)),
      end: Math.max(to - pause * trail, ...removed.map((word) => word.end)),
    };
    if (cut.end - cut.start >= MIN_CUT && !unworded(cut)) cuts.push(cut);
  };
  if (kept.length === 0) return [];
  consider(span.start, kept[0].start, 0, 1);
  for (let i = 1; i < kept.length; i++) consider(kept[i - 1].end, kept[i].start, 0.5, 0.5);
  consider(kept[kept.length - 1].end, span.end, 1, 0);
  return cuts;
}

/** `span` without `cuts`: the stretches that are kept, in order. */
export function keptStretches(span: Span, cuts: readonly Span[]): Span[] {
  const kept: Span[] = [];
  let from = span.start;
  for (const cut of cuts) {
    if (cut.start > from) kept.push({ start: from, end: cut.start });
    from = Math.max(from, cut.end);
  }
  if (span.end > from) kept.push({ start: from, end: span.end });
  return kept;
}

/** Where a moment of the span lands once `kept` are joined end to end (a cut moment lands on its join). */
export function retimed(kept: readonly Span[], time: number): number {
  let offset = 0;
  for (const stretch of kept) {
    if (time <= stretch.end) return offset + Math.max(0, time - stretch.start);
    offset += stretch.end - stretch.start;
  }
  return offset;
}

/** The span's words that are kept, on the tightened clip's clock (which starts at 0). */
export function retimeWords(words: readonly Word[], kept: readonly Span[]): Word[] {
  return words
    .filter((word) => kept.some((stretch) => word.start < stretch.end && word.end > stretch.start))
    .map((word) => ({ ...word, start: retimed(kept, word.start), end: retimed(kept, word.end) }));
}
