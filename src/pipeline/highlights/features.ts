import { contentTokens, tokens } from './text.ts';

// Each feature scores one quality of a candidate segment from 0 (poor) to 1 (strong). All pure.

const STRONG_WORDS = new Set(
  (
    'secret secrets mistake mistakes never always truth surprising shocking surprise why how wrong myth myths ' +
    'biggest best worst most nobody everyone everything nothing free fastest simple simplest crazy insane incredible ' +
    'amazing huge tiny dangerous deadly hidden powerful important imagine discover discovered stop ' +
    'million billion thousand percent twice double half exactly actually truth lie lies ' +
    'nunca siempre secreto jamais toujours secret nie immer geheimnis'
  ).split(/\s+/),
);

const DEPENDENT_OPENERS = new Set(
  'and but so or because which also then anyway plus however although though'.split(' '),
);
const BACK_REFERENCES = [
  /\bas i (said|mentioned)\b/,
  /\b(like|as) (we|i) (said|saw|discussed)\b/,
  /\b(mentioned|said|saw|discussed|covered) (earlier|before|previously)\b/,
  /\blast time\b/,
  /\bthe (former|latter)\b/,
  /\bgoing back to\b/,
  /\bas i was (saying|mentioning)\b/,
  /\b(touched on|talked about|spoke about) (earlier|before|a (minute|moment) ago)\b/,
  /\b(we|i) (touched|have touched) on\b/,
];
const DANGLING_PRONOUN_OPENERS = new Set([
  'it',
  'this',
  'that',
  'they',
  'these',
  'those',
  'he',
  'she',
  'there',
]);

/** Hook strength of the opening sentence: a question, a number, "you", strong words, short and punchy. */
export function hookStrength(opening: string): number {
  const words = tokens(opening);
  if (words.length === 0) return 0;
  let score = 0;
  if (
    /\?\s*$/.test(opening.trim()) ||
    /^(why|how|what|when|who|where|did|do|does|have|has|is|are|can|would|could)\b/i.test(opening.trim())
  )
    score += 0.35;
  if (
    /\d/.test(opening) ||
    words.some((w) => /^(hundred|thousand|million|billion|percent|half|twice)$/.test(w))
  )
    score += 0.2;
  if (words.some((w) => w === 'you' || w === "you're" || w === 'your')) score += 0.15;
  const strong = words.filter((w) => STRONG_WORDS.has(w)).length;
  score += Math.min(0.3, strong * 0.12);
  if (words.length <= 14) score += 0.1;
  else if (words.length > 30) score -= 0.1;
  if (DEPENDENT_OPENERS.has(words[0])) score -= 0.3;
  return clamp01(score);
}

/** Self-containedness: no opening that leans on earlier context, and an ending that completes a thought. */
export function selfContainedness(opening: string, ending: string, body: string): number {
  const first = tokens(opening);
  let score = 1;
  if (first.length && DEPENDENT_OPENERS.has(first[0])) score -= 0.45;
  if (first.length && DANGLING_PRONOUN_OPENERS.has(first[0]) && !/\?\s*$/.test(opening)) score -= 0.25;
  const lowerBody = body.toLowerCase();
  score -= Math.min(0.4, BACK_REFERENCES.filter((pattern) => pattern.test(lowerBody)).length * 0.2);
  const last = ending.trim();
  if (!/[.?!…"'”]$/.test(last)) score -= 0.1;
  if (/[,;:]$/.test(last) || /\b(and|but|so|because|or)\W*$/i.test(last)) score -= 0.3;
  return clamp01(score);
}

const HEDGES = [
  /\bmore or less\b/g,
  /\bsort of\b/g,
  /\bkind of\b/g,
  /\bsomewhat\b/g,
  /\bvarious\b/g,
  /\bto some (degree|extent)\b/g,
  /\bin a way\b/g,
  /\bbasically\b/g,
  /\band so on\b/g,
  /\broughly\b/g,
  /\bin general( terms)?\b/g,
  /\bsome of (which|it)\b/g,
  /\ba number of\b/g,
  /\bthings?\b/g,
  /\bstuff\b/g,
  /\bit depends\b/g,
  /\bas these things do\b/g,
];

/**
 * Vague language (the general extenders, approximators, vague quantities and epistemic hedges of everyday
 * speech) and lines that lean on what was said before: a passage made of these says nothing in particular.
 */
const VAGUE_LANGUAGE = [
  // general extenders
  /\b(?:and|or) (?:so on|so forth|stuff|whatnot|whatever|something|everything|all that|what have you)\b/,
  /\b(?:and|or) (?:things|stuff) like that\b|\bet cetera\b/,
  // approximators and vague quantities, frequencies and times
  /\b(?:more or less|sort of|kind of|roughly|somewhat|a bit|to some (?:degree|extent)|in a way|in (?:general|some ways)|generally speaking|pretty much)\b/,
  /\b(?:a while|a number of|various|now and then|from time to time|at some point|one way or another|some of (?:it|them|which))\b/,
  /\b(?:now and again|every so often|here (?:and|or) there|up and down|back and forth|on and off|all over the place|a bunch of|a couple of)\b/,
  /\b(?:over time|down the line|for now|these days|at the end of the day|most of the time|the other way round)\b/,
  // epistemic hedges
  /\b(?:i guess|i suppose|it depends|depending on|it varies|hard to say|who knows|for whatever reason)\b/,
  /\b(?:i (?:would|have to|must) say|to be (?:honest|fair)|if i(?: am|'m) honest|put it that way|if anything)\b/,
  // shrugs: the speaker's own verdict that there is nothing in particular to tell
  /\b(?:nothing (?:major|fancy|special|dramatic|too \w+)|it is what it is|fair enough|either way|well enough)\b/,
  /\b(?:which is (?:fine|normal|understandable|totally fine)|as you (?:would|might) expect|no real \w+)\b/,
  /\banyway\b/,
  ...BACK_REFERENCES,
];
/** Hedges too common in a story's own lines to mark one alone: two of them do. */
const SOFT_HEDGES =
  /\b(?:maybe|perhaps|probably|usually|sometimes|honestly|really|i think|i mean|something|somehow|stuff|a lot of|lots of|others?)\b/g;

/** Numbers said in words. */
export const NUMBER_WORDS = (
  'two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy ' +
  'eighty ninety hundred thousand million billion percent half twice double triple dozen'
).split(' ');
const NUMBER_WORD_SET = new Set(NUMBER_WORDS);

/** Numbers written in digits, and names (capitalised words after the first). */
function digitsAndNames(sentence: string): number {
  const names = sentence
    .split(/\s+/)
    .slice(1)
    .filter((w) => /^[A-Z][a-z]/.test(w)).length;
  return (sentence.match(/\d+/g) ?? []).length + names;
}

/** Numbers and names: the specifics a line states. */
function specificsIn(sentence: string): number {
  return digitsAndNames(sentence) + tokens(sentence).filter((w) => NUMBER_WORD_SET.has(w)).length;
}

/** Lines longer than this are not searched word by word for a phrase broken by one extra word. */
const MAX_TOLERANT_WORDS = 40;

const saysVaguely = (line: string) =>
  VAGUE_LANGUAGE.some((pattern) => pattern.test(line)) || (line.match(SOFT_HEDGES) ?? []).length >= 2;

/**
 * Whether a line uses vague language or leans on what was said before, its punctuation aside: also when a
 * hesitation ("more or, uh, less") or one extra word (a recogniser's insertion, a speaker's slip: "more it or
 * less") breaks the phrase.
 */
export function hedges(sentence: string): boolean {
  const words = tokens(sentence).filter((word) => !HESITATIONS.has(word));
  if (saysVaguely(words.join(' '))) return true;
  if (words.length > MAX_TOLERANT_WORDS) return false;
  return words.some((_, skipped) => saysVaguely(words.filter((__, i) => i !== skipped).join(' ')));
}

/** What makes one line flat: vague language, and the numbers and names it states. */
export interface LineFlatness {
  hedges: boolean;
  specifics: number;
}

export function lineFlatness(sentence: string): LineFlatness {
  return { hedges: hedges(sentence), specifics: specificsIn(sentence) };
}

/**
 * How flat a passage is, from its lines: the share of them that hedge or lean on what came before, and the
 * numbers and names it states per line.
 */
export function flatness(lines: readonly LineFlatness[]): { vague: number; specifics: number } {
  if (lines.length === 0) return { vague: 0, specifics: 0 };
  const vague = lines.filter((line) => line.hedges).length;
  const specifics = lines.reduce((sum, line) => sum + line.specifics, 0);
  return { vague: vague / lines.length, specifics: specifics / lines.length };
}

/** Specificity: concrete numbers, names and vivid words raise it; hedges and vague words lower it. */
export function specificity(sentences: readonly string[]): number {
  if (sentences.length === 0) return 0;
  let specifics = 0;
  let hedges = 0;
  for (const sentence of sentences) {
    specifics += digitsAndNames(sentence);
    specifics += tokens(sentence).filter((w) =>
      /^(hundred|thousand|million|billion|percent|half|twice|double)$/.test(w),
    ).length;
    specifics += tokens(sentence).filter((w) => STRONG_WORDS.has(w)).length * 0.5;
    const lower = sentence.toLowerCase();
    hedges += HEDGES.reduce((sum, pattern) => sum + (lower.match(pattern) ?? []).length, 0);
  }
  return clamp01(0.45 + (0.35 * specifics - 0.4 * hedges) / sentences.length);
}

/** Fullness: a short that uses a good part of its band (≥ 60 % of the maximum) tells a whole story. */
export function fullness(duration: number, band: { min: number; max: number }): number {
  const full = Math.max(band.min, 0.6 * band.max);
  return clamp01(((duration - band.min) / Math.max(1, full - band.min)) * 0.7 + 0.3);
}

/** Keyword density: share of the segment's content words that are salient terms of the whole talk. */
export function keywordDensity(text: string, salientTerms: ReadonlySet<string>): number {
  const words = contentTokens(text);
  if (words.length === 0) return 0;
  const hits = words.filter((word) => salientTerms.has(word)).length;
  return clamp01((hits / words.length) * 2.5);
}

/** Speech rate near a lively conversational pace (≈ 2.5–3.5 words/s) scores best. */
export function speechRateScore(wordCount: number, seconds: number): number {
  if (seconds <= 0) return 0;
  const rate = wordCount / seconds;
  if (rate >= 2.4 && rate <= 3.6) return 1;
  return clamp01(1 - Math.min(Math.abs(rate - 2.4), Math.abs(rate - 3.6)) / 1.6);
}

const HESITATIONS = new Set(['um', 'uh', 'erm', 'er', 'uhm', 'hmm', 'ah']);

/** Share of sentences that are mostly hesitation ("um", "uh" in more than one word of eight). */
export function hesitationRatio(sentences: readonly string[]): number {
  if (sentences.length === 0) return 0;
  const hesitant = sentences.filter((sentence) => {
    const words = tokens(sentence);
    return words.length > 0 && words.filter((word) => HESITATIONS.has(word)).length / words.length > 0.12;
  });
  return hesitant.length / sentences.length;
}

/** Laughter cues in the words themselves. */
export function laughterScore(text: string): number {
  const lower = text.toLowerCase();
  const cues = (lower.match(/\bha(ha)+\b|\blol\b|[[(]laugh(ter|s|ing)?[\])]|\blaughs\b/g) ?? []).length;
  return clamp01(cues * 0.5);
}

/**
 * Delivery: speech louder than the talk's own typical level and a livelier dynamic range score higher
 * (levels in dBFS of the passage's speech; `talkMedianDb` the median over the whole talk's speech).
 */
export function energyScore(speechDb: readonly number[], talkMedianDb: number): number {
  if (speechDb.length === 0 || !Number.isFinite(talkMedianDb)) return 0.5;
  const mean = speechDb.reduce((a, b) => a + b, 0) / speechDb.length;
  const spread = Math.sqrt(speechDb.reduce((sum, db) => sum + (db - mean) ** 2, 0) / speechDb.length);
  const loudness = clamp01(0.5 + (mean - talkMedianDb) / 6);
  const dynamics = clamp01(spread / 10);
  return clamp01(loudness * 0.6 + dynamics * 0.4);
}

/**
 * Fluency: a passage broken by many pauses inside its sentences (hedging, searching for words) scores lower
 * than the talk's typical rate; `rate` and `talkRate` are inner pauses per second of speech.
 */
export function fluencyScore(rate: number, talkRate: number): number {
  if (!Number.isFinite(rate) || !Number.isFinite(talkRate)) return 0.5;
  return clamp01(0.5 + (talkRate - rate) / Math.max(0.05, 2 * talkRate));
}

/** Mean "most replayed" value over the segment (0..1), or undefined when the source has no heatmap. */
export function heatmapScore(
  heatmap: readonly { start: number; end: number; value: number }[],
  start: number,
  end: number,
): number | undefined {
  let weighted = 0;
  let covered = 0;
  for (const point of heatmap) {
    const overlap = Math.min(end, point.end) - Math.max(start, point.start);
    if (overlap > 0) {
      weighted += overlap * point.value;
      covered += overlap;
    }
  }
  return covered > 0 ? clamp01(weighted / covered) : undefined;
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
