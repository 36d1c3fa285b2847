import type { SpeechRegion } from '../../engines/vad/index.ts';
import type { Word } from '../../domain/transcript.ts';

// Words whose times were spread over a whole cue (SRT/VTT cues without word times, a recogniser's segments) are
// guesses: inside the cue they may land in a pause, so the wrong side of a pause would decide where a sentence and
// a short begin. They are laid again over the speech the voice-activity detector heard inside their cue.

interface Interval {
  start: number;
  end: number;
}

function overlapOf(a: Interval, b: Interval): number {
  return Math.min(a.end, b.end) - Math.max(a.start, b.start);
}

/**
 * The heard speech of cue `index`: each region goes wholly to the cue that overlaps it most, reaching past that
 * cue's edges; a region two cues share substantially (speech run on without a pause) is split at their edges.
 */
export function cueSpeech(
  index: number,
  cues: readonly Interval[],
  regions: readonly SpeechRegion[],
): Interval[] {
  const cue = cues[index];
  const speech: Interval[] = [];
  for (const region of regions) {
    const overlaps = cues.map((other) => overlapOf(region, other));
    const mine = overlaps[index];
    if (mine <= 0) continue;
    const substantial = (overlap: number) => overlap >= Math.max(0.5, 0.3 * (region.end - region.start));
    const shared = overlaps.some((overlap, other) => other !== index && substantial(overlap));
    if (shared && substantial(mine)) {
      speech.push({ start: Math.max(region.start, cue.start), end: Math.min(region.end, cue.end) });
    } else if (!shared && overlaps.every((overlap) => overlap <= mine)) {
      speech.push({ start: region.start, end: region.end });
    }
  }
  return speech;
}

/** Lays words over intervals of speech in proportion to their length, each word inside one interval. */
export function layWords(words: readonly Word[], speech: readonly Interval[]): Word[] {
  // a word's share is its letters, with one more for the gap before the next word
  const total = words.reduce((sum, word) => sum + word.text.length, 0) + words.length - 1;
  const spoken = speech.reduce((sum, interval) => sum + interval.end - interval.start, 0);
  /** where a share of the cue's text falls in its speech: which interval, and when */
  const at = (share: number) => {
    let left = share * spoken;
    for (const [index, interval] of speech.entries()) {
      const length = interval.end - interval.start;
      if (left <= length || index === speech.length - 1) {
        return { index, time: interval.start + Math.min(left, length) };
      }
      left -= length;
    }
    return { index: 0, time: speech[0].start };
  };
  let cumulative = 0;
  return words.map((word) => {
    const from = at(cumulative / total);
    const to = at((cumulative + word.text.length) / total);
    cumulative += word.text.length + 1;
    if (from.index === to.index) return { ...word, start: round3(from.time), end: round3(to.time) };
    // the word would straddle a pause: it goes wholly to the side that holds more of it
    const first = speech[from.index];
    const second = speech[to.index];
    return first.end - from.time >= to.time - second.start
      ? { ...word, start: round3(from.time), end: round3(first.end) }
      : { ...word, start: round3(second.start), end: round3(to.time) };
  });
}

/** Words with estimated times laid over the heard speech of their cue; words with their own times are kept. */
export function retimeToSpeech(words: readonly Word[], regions: readonly SpeechRegion[]): Word[] {
  const groups: Word[][] = [];
  for (const word of words) {
    const last = groups[groups.length - 1];
    const same =
      last?.[0].span &&
      word.span &&
      last[0].span.start === word.span.start &&
      last[0].span.end === word.span.end;
    if (same) last.push(word);
    else groups.push([word]);
  }
  const cues = groups.map((group) => group[0].span);
  const spans = cues.filter((span): span is Interval => span !== undefined);
  return groups.flatMap((group, index) => {
    const span = cues[index];
    if (!span) return group;
    const speech = cueSpeech(spans.indexOf(span), spans, regions);
    return speech.length ? layWords(group, speech) : group;
  });
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
