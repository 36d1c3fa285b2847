import type { SampleTruthStory } from '../sample/story-truth.ts';
import type { PassageKind } from '../sample/talk-script.ts';
import { normalizeWords } from './metrics.ts';

// Story metrics of the scripted talks: does a short open on its story's hook, do the shorts cover every story
// before repeating one, do they cut into words, are their titles usable as they are, and is the top of the
// ranking free of intro, cold open, housekeeping, sponsor read and outro.

export interface Span {
  start: number;
  end: number;
}
export interface TimedWord extends Span {
  text: string;
}
export interface KindedSentence extends Span {
  kind?: PassageKind;
}
export type Story = Pick<SampleTruthStory, 'id' | 'hook' | 'start' | 'end'>;

/** A short may start this long before the hook's first word and still open on it. */
export const HOOK_LEAD = 0.5;
/** A cut this far inside a word clips it. */
export const CLIP_TOLERANCE = 0.02;
/** Rounding slack for times written with millisecond precision. */
const EPSILON = 0.001;
export const TITLE_MAX_LENGTH = 60;
const JUNK: ReadonlySet<PassageKind> = new Set(['intro', 'cold-open', 'housekeeping', 'sponsor', 'outro']);

const overlap = (a: Span, b: Span) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** The story covering most of a short (undefined when it overlaps none). */
export function storyOfShort<T extends Span>(short: Span, stories: readonly T[]): T | undefined {
  let best: T | undefined;
  let most = 0;
  for (const story of stories) {
    const shared = overlap(short, story);
    if (shared > most) {
      best = story;
      most = shared;
    }
  }
  return best;
}

/** Whether a short starts within HOOK_LEAD before the onset of its story's hook sentence, and not after it. */
export function opensOnHook(short: Span, stories: readonly Story[], sentences: readonly Span[]): boolean {
  const story = storyOfShort(short, stories);
  if (!story) return false;
  const onset = sentences[story.hook].start;
  return short.start >= onset - HOOK_LEAD - EPSILON && short.start <= onset + EPSILON;
}

export interface Coverage {
  /** distinct stories covered before the first short that repeats one */
  covered: number;
  total: number;
  /** every story covered before any repeat */
  allBeforeRepeat: boolean;
}

/** Walks the shorts in rank order until one repeats an already covered story. */
export function storiesBeforeRepeat(shorts: readonly Span[], stories: readonly Story[]): Coverage {
  const seen = new Set<string>();
  for (const short of shorts) {
    const story = storyOfShort(short, stories);
    if (!story) continue;
    if (seen.has(story.id)) break;
    seen.add(story.id);
  }
  return { covered: seen.size, total: stories.length, allBeforeRepeat: seen.size === stories.length };
}

/** A start that falls inside a word: the word began before the cut (beyond the tolerance) and ends after it. */
export function clipsFirstWord(short: Span, words: readonly Span[]): boolean {
  return words.some((word) => word.start < short.start - CLIP_TOLERANCE && short.start < word.end);
}

/** An end that falls inside a word: the word began before the cut and ends after it (beyond the tolerance). */
export function clipsLastWord(short: Span, words: readonly Span[]): boolean {
  return words.some((word) => word.start < short.end && short.end < word.end - CLIP_TOLERANCE);
}

/** Why a title would need rewriting before posting; undefined when it can be kept as it is. */
export function titleProblem(title: string, shortWords: readonly string[]): string | undefined {
  const text = title.trim();
  const problems: string[] = [];
  if (text.length > TITLE_MAX_LENGTH) problems.push('too long');
  if (/…|\.\.\./.test(text)) problems.push('ellipsis');
  if (/^[^\p{L}\p{N}]*\p{Ll}/u.test(text)) problems.push('starts mid-sentence');
  const spoken = new Set(shortWords.flatMap((word) => normalizeWords(word)));
  const foreign = normalizeWords(text).filter((word) => !spoken.has(word));
  if (foreign.length) problems.push(`words not said in the short: ${foreign.join(' ')}`);
  return problems.length ? problems.join('; ') : undefined;
}

/** The words of a transcript that lie inside a short (by their midpoint). */
export function wordsInside(short: Span, words: readonly TimedWord[]): string[] {
  return words
    .filter((word) => (word.start + word.end) / 2 >= short.start && (word.start + word.end) / 2 <= short.end)
    .map((word) => word.text);
}

/** Share of a short's speech that lies in sentences of these kinds (default: intro, cold open, housekeeping,
 * sponsor read and outro). */
export function junkShare(
  short: Span,
  sentences: readonly KindedSentence[],
  kinds: ReadonlySet<PassageKind> = JUNK,
): number {
  const length = short.end - short.start;
  if (length <= 0) return 0;
  const spoken = sentences.reduce((sum, sentence) => sum + overlap(short, sentence), 0);
  const junk = sentences
    .filter((sentence) => sentence.kind && kinds.has(sentence.kind))
    .reduce((sum, sentence) => sum + overlap(short, sentence), 0);
  return spoken > 0 ? junk / spoken : 0;
}

const ASIDES: ReadonlySet<PassageKind> = new Set(['aside']);

/** Shorts whose speech lies mostly in asides: content that tells no story, which nobody would post. */
export function asidesOffered(shorts: readonly Span[], sentences: readonly KindedSentence[]): number {
  return shorts.filter((short) => junkShare(short, sentences, ASIDES) > 0.5).length;
}

/** Shorts in the first ceil(n/2) ranks whose speech lies mostly in junk passages. */
export function junkInTopHalf(shorts: readonly Span[], sentences: readonly KindedSentence[]): number {
  return shorts.slice(0, Math.ceil(shorts.length / 2)).filter((short) => junkShare(short, sentences) > 0.5)
    .length;
}

export interface StoryScore {
  shorts: number;
  stories: number;
  /** per short in rank order: the story it belongs to (content stories only) */
  storyIds: (string | null)[];
  opensOnHook: number;
  /** ranks (0 = best) of the shorts that open on their story's hook */
  openingRanks: number[];
  coverage: Coverage;
  clippedFirstWords: number;
  clippedLastWords: number;
  keptTitles: number;
  titleProblems: { rank: number; title: string; problem: string }[];
  junkInTopHalf: number;
  asidesOffered: number;
}

/**
 * All story figures of one talk. `stories`: its content stories; `transcriptWords`: the transcript the shorts
 * were found on (titles must use its words).
 */
export function scoreStories(
  shorts: readonly (Span & { title: string })[],
  truth: { words: readonly Span[]; sentences: readonly KindedSentence[]; stories: readonly Story[] },
  transcriptWords: readonly TimedWord[],
): StoryScore {
  const titleProblems = shorts.flatMap((short, rank) => {
    const problem = titleProblem(short.title, wordsInside(short, transcriptWords));
    return problem ? [{ rank, title: short.title, problem }] : [];
  });
  const openingRanks = shorts.flatMap((short, rank) =>
    opensOnHook(short, truth.stories, truth.sentences) ? [rank] : [],
  );
  return {
    shorts: shorts.length,
    stories: truth.stories.length,
    storyIds: shorts.map((short) => storyOfShort(short, truth.stories)?.id ?? null),
    opensOnHook: openingRanks.length,
    openingRanks,
    coverage: storiesBeforeRepeat(shorts, truth.stories),
    clippedFirstWords: shorts.filter((short) => clipsFirstWord(short, truth.words)).length,
    clippedLastWords: shorts.filter((short) => clipsLastWord(short, truth.words)).length,
    keptTitles: shorts.length - titleProblems.length,
    titleProblems,
    junkInTopHalf: junkInTopHalf(shorts, truth.sentences),
    asidesOffered: asidesOffered(shorts, truth.sentences),
  };
}
