import type { Pause, SpeechRegion } from '../../engines/vad/index.ts';
import type { Sentence, SentenceBoundary, Word } from '../../domain/transcript.ts';
import { pauseStatistics, sentencePauseEvidence, type PauseStatistics } from './pauses.ts';

// Sentences from the audio first: a sentence ends in a pause, and a pause ends a sentence where its length (for
// this speaker), the recogniser's own gap between words and its punctuation (when it gives any) agree.
// Sentence times are the speech onsets and offsets the voice-activity detector heard, not word timings.

export interface SpeechLayout {
  regions: readonly SpeechRegion[];
  pauses: readonly Pause[];
}

export interface Segmentation {
  sentences: Sentence[];
  /** between sentence i and i + 1 */
  boundaries: SentenceBoundary[];
}

interface Evidence {
  pause: number;
  words?: number;
  punctuation?: number;
}

interface Candidate {
  start: number;
  end: number;
  strength: number;
}

const TERMINAL = /[.?!…。？！]["'”’)\]]*$/;
const CLAUSE = /[,;:—–]["'”’)\]]*$/;
const MAX_SECONDS = 15;
const MAX_WORDS = 40;
const MIN_SPLIT_SECONDS = 2;
/** speech regions of words alone, when no voice activity is known: words closer than this are one region */
const WORD_REGION_GAP = 0.1;
const WEIGHTS = { pause: 1, words: 0.5, punctuation: 1 };

export function isPunctuated(words: readonly Word[]): boolean {
  return words.some((word) => TERMINAL.test(word.text));
}

/** One combined strength: the weighted mean of the evidence that is there. */
export function boundaryStrength(evidence: Evidence): number {
  let sum = evidence.pause * WEIGHTS.pause;
  let weight = WEIGHTS.pause;
  if (evidence.words !== undefined) {
    sum += evidence.words * WEIGHTS.words;
    weight += WEIGHTS.words;
  }
  if (evidence.punctuation !== undefined) {
    sum += evidence.punctuation * WEIGHTS.punctuation;
    weight += WEIGHTS.punctuation;
  }
  return sum / weight;
}

/** Speech regions and pauses from the words alone (no audio analysis). */
export function layoutFromWords(words: readonly Word[]): SpeechLayout {
  const regions: SpeechRegion[] = [];
  for (const word of words) {
    const last = regions[regions.length - 1];
    if (last && word.start - last.end < WORD_REGION_GAP) last.end = Math.max(last.end, word.end);
    else regions.push({ start: word.start, end: word.end });
  }
  const pauses = regions.slice(1).map((region, index) => ({
    start: regions[index].end,
    end: region.start,
    duration: region.start - regions[index].end,
  }));
  return { regions, pauses };
}

function midpoint(item: { start: number; end: number }): number {
  return (item.start + item.end) / 2;
}

/** The recogniser's view of a pause: the gap between its words on either side (undefined: no words there). */
function wordsEvidence(pause: Pause, words: readonly Word[], stats: PauseStatistics): number | undefined {
  const middle = midpoint(pause);
  let before: Word | undefined;
  let after: Word | undefined;
  for (const word of words) {
    if (midpoint(word) < middle) before = word;
    else {
      after = word;
      break;
    }
  }
  if (!before || !after) return undefined;
  const straddles = words.some(
    (word) => word.start < pause.start && word.end > pause.end && pause.duration > 0.1,
  );
  if (straddles) return 0.1;
  return sentencePauseEvidence(Math.max(0.01, after.start - before.end), stats);
}

function punctuationEvidence(pause: Pause, words: readonly Word[]): number {
  const middle = midpoint(pause);
  const before = words.filter((word) => midpoint(word) < middle).pop();
  if (!before) return 0.5;
  if (TERMINAL.test(before.text)) return 1;
  return CLAUSE.test(before.text) ? 0.3 : 0.05;
}

function wordGaps(words: readonly Word[]): number[] {
  return words.slice(1).map((word, index) => word.start - words[index].end);
}

/** Every pause as a possible sentence end, with its combined strength. */
export function scorePauses(
  layout: SpeechLayout,
  words: readonly Word[],
): { candidates: Candidate[]; stats: PauseStatistics } {
  const stats = pauseStatistics(layout.pauses.map((pause) => pause.duration));
  const wordStats = pauseStatistics(wordGaps(words).filter((gap) => gap > 0.05));
  const punctuated = isPunctuated(words);
  const candidates: Candidate[] = layout.pauses.map((pause) => ({
    start: pause.start,
    end: pause.end,
    strength: boundaryStrength({
      pause: sentencePauseEvidence(pause.duration, stats),
      words: wordsEvidence(pause, words, wordStats),
      punctuation: punctuated ? punctuationEvidence(pause, words) : undefined,
    }),
  }));
  if (punctuated) candidates.push(...runOnSentenceEnds(layout, words, candidates));
  candidates.sort((a, b) => a.start - b.start);
  return { candidates, stats };
}

/** Terminal punctuation where the speaker ran on without a pause: a boundary inside speech, between the words. */
function runOnSentenceEnds(
  layout: SpeechLayout,
  words: readonly Word[],
  pauses: readonly Candidate[],
): Candidate[] {
  const found: Candidate[] = [];
  words.forEach((word, index) => {
    const next = words[index + 1];
    if (!next || !TERMINAL.test(word.text)) return;
    const near = pauses.some((pause) => pause.end >= word.end - 0.3 && pause.start <= next.start + 0.3);
    if (near) return;
    const at = (word.end + Math.max(word.end, next.start)) / 2;
    const inSpeech = layout.regions.some((region) => region.start < at && region.end > at);
    if (!inSpeech) return;
    found.push({ start: at, end: at, strength: boundaryStrength({ pause: 0, words: 0.5, punctuation: 1 }) });
  });
  return found;
}

interface Span {
  start: number;
  end: number;
  words: Word[];
}

/** Splits spans that are too long for one sentence at their strongest inner candidate, recursively. */
function splitLong(span: Span, candidates: readonly Candidate[]): Span[] {
  if (span.end - span.start <= MAX_SECONDS && span.words.length <= MAX_WORDS) return [span];
  const inner = candidates.filter(
    (candidate) =>
      candidate.start - span.start >= MIN_SPLIT_SECONDS && span.end - candidate.end >= MIN_SPLIT_SECONDS,
  );
  if (inner.length === 0) return [span];
  const cut = inner.reduce((best, candidate) => (candidate.strength > best.strength ? candidate : best));
  const middle = midpoint(cut);
  const left = { start: span.start, end: cut.start, words: span.words.filter((w) => midpoint(w) < middle) };
  const right = { start: cut.end, end: span.end, words: span.words.filter((w) => midpoint(w) >= middle) };
  return [...splitLong(left, candidates), ...splitLong(right, candidates)];
}

export function tidySentenceText(words: readonly Word[]): string {
  const text = words
    .map((word) => word.text)
    .join(' ')
    .replace(/\s+([,.?!;:…])/g, '$1')
    .trim();
  if (!text) return text;
  const capitalised = text[0].toUpperCase() + text.slice(1);
  return /[.?!…"'”’]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** seconds a word may lie outside the heard speech and still be believed */
const SPEECH_TOLERANCE = 0.25;

/** The words that overlap heard speech: a recogniser's words in music or silence are hallucinations. */
export function wordsInSpeech(words: readonly Word[], regions: readonly SpeechRegion[]): Word[] {
  return words.filter((word) =>
    regions.some(
      (region) => word.start < region.end + SPEECH_TOLERANCE && word.end > region.start - SPEECH_TOLERANCE,
    ),
  );
}

/**
 * Sentences of a recording from its speech layout and its words (sorted by start). Without a layout, the words'
 * own gaps stand in for the pauses. Stretches of speech with no recognised word are left out.
 */
export function segmentSentences(words: readonly Word[], layout?: SpeechLayout): Segmentation {
  const heard = layout ?? layoutFromWords(words);
  if (heard.regions.length === 0 || words.length === 0) return { sentences: [], boundaries: [] };
  const { candidates } = scorePauses(heard, words);
  const chosen = candidates.filter((candidate) => candidate.strength >= 0.5);
  const first = heard.regions[0].start;
  const last = heard.regions[heard.regions.length - 1].end;
  const edges = [{ start: first, end: first }, ...chosen, { start: last, end: last }];
  const spans: Span[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = midpoint(edges[i]);
    const to = midpoint(edges[i + 1]);
    const own = words.filter((word) => {
      const middle = midpoint(word);
      return middle >= from && (middle < to || i + 2 === edges.length);
    });
    spans.push(...splitLong({ start: edges[i].end, end: edges[i + 1].start, words: own }, candidates));
  }
  const kept = spans.filter((span) => span.words.length > 0);
  const sentences = kept.map((span, index) => ({
    index,
    text: tidySentenceText(span.words),
    start: round3(span.start),
    end: round3(Math.max(span.end, span.start)),
    words: span.words,
  }));
  const boundaries = sentences.slice(1).map((sentence, index) => {
    const before = sentences[index];
    const between = candidates.filter(
      (candidate) => candidate.start >= before.end - 0.001 && candidate.end <= sentence.start + 0.001,
    );
    const strength = between.reduce((best, candidate) => Math.max(best, candidate.strength), 0);
    return { start: before.end, end: sentence.start, strength: round3(strength) };
  });
  return { sentences, boundaries };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
