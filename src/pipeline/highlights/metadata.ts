import type { Sentence, Word } from '../../domain/transcript.ts';
import type { FeatureScores } from './score.ts';
import { contentTokens } from './text.ts';

// Title, social caption with hashtags, and the reason a segment was chosen — all from its own words and scores.
// Words the recogniser was unsure of never become a title: then the title is made of its confident keywords,
// or says plainly what and where the passage is.

const SMALL_WORDS = new Set('a an and as at but by for in of on or the to vs via with from into'.split(' '));

export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .map((word, index) =>
      index > 0 && SMALL_WORDS.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

/** Titles are at most this long: they are read in a feed, over a thumbnail. */
export const MAX_TITLE_CHARS = 60;

/**
 * What a title leaves out of its line's start: filler words, and clauses set off by a comma that only lead back
 * or on to something else ("Then, going back to that, …", "As I mentioned before, …"): they say nothing in a feed.
 */
const OPENING_FILLER = new RegExp(
  '^(?:(?:so|okay|ok|alright|all right|well|now|and|but|right|look|listen|yeah|oh)\\b[,.!]?\\s+|' +
    '(?:then|anyway|anyhow|going back to (?:that|this|it)|(?:getting )?back to (?:that|this|it)|' +
    '(?:as|like) (?:i|we) (?:said|mentioned|told you)(?: (?:before|earlier))?|speaking of (?:which|that)|' +
    'on that note|moving on|that said|having said that|' +
    "like|basically|honestly|actually|literally|you know|i mean|the thing is|the question is|here's the thing)" +
    '\\s*,\\s+)+',
  'i',
);
/** Sounds of hesitation, wherever they fall in a line. */
const HESITATION = /(^|\s)(?:um+|uh+|uhm|erm|er|hmm+)[,.]?(?=\s|$)/gi;
/** A word said again as the speaker starts over ("I I went", "the, the biggest"): said once in a title. */
const RESTART = /\b([\p{L}']+)(?:,?\s+\1\b)+/giu;
/** Asides between commas that say nothing in a title ("it was, you know, gone"). */
const INNER_FILLER = /,\s*(?:you know|i mean|like|basically|honestly|literally)\s*,/gi;

/** A spoken line as it is quoted: without its hesitations and restarts, opening on a capital. */
export function withoutHesitations(line: string): string {
  const said = line.replace(HESITATION, '$1').replace(RESTART, '$1').replace(/\s+/g, ' ').trim();
  return said.charAt(0).toUpperCase() + said.slice(1);
}

/** A spoken line as a title reads it: hesitations, restarts, opening filler and filler asides dropped. */
export function withoutSpokenFiller(line: string): string {
  return withoutHesitations(line).replace(OPENING_FILLER, '').replace(INNER_FILLER, '');
}
/** Where a phrase ends: at punctuation, or else before a word that opens a clause. */
const PUNCTUATION_BREAK = /[,;:—–]\s|\s[-–—]\s/g;
const CLAUSE_BREAK =
  /\s(?=(?:and|but|because|so|which|that|when|while|with|if|until|before|after|where|who|or|than|since|unless)\s)/gi;
const DANGLING_END =
  /\s+(?:a|an|the|of|to|and|or|but|in|on|at|for|with|my|our|your|his|her|their|its|is|was|are|were|be|that|which|who|so|because|as|from|by|into|than|very|just|really|this|these|those|i|we|they|he|she|not|never|exactly|precisely|only|even|almost|nearly|also|still|quite|rather|instead|compared|according|due|thanks|relative|next)$/i;
/** A phrase a cut between two words left unfinished: a preposition and at most two words of what it governs. */
const CUT_PHRASE =
  /\s+(?:in|on|at|for|from|to|by|with|of|about|as|after|before|over|under|into|than|like|without|through)(?:\s+\S+){0,2}$/i;
/** A title shortened at a phrase boundary keeps at least this many characters. */
const MIN_PHRASE_CHARS = 18;

/** Shortens `text` to at most `max` characters at a phrase boundary (or a word boundary), never an ellipsis. */
export function shortenAtPhrase(text: string, max: number): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  const lastBreak = (pattern: RegExp, least: number) => {
    let cut = -1;
    for (const match of clean.matchAll(pattern)) {
      if (match.index > max) break;
      if (match.index >= least) cut = match.index;
    }
    return cut;
  };
  const phrase = lastBreak(PUNCTUATION_BREAK, max / 2);
  const cut = phrase > 0 ? phrase : lastBreak(CLAUSE_BREAK, MIN_PHRASE_CHARS);
  const space = clean.lastIndexOf(' ', max);
  let short = clean.slice(0, cut > 0 ? cut : space > 0 ? space : max);
  // cut between two words, a phrase the line goes on with is dropped whole ("late for a train in sixty")
  const unfinished = cut > 0 ? -1 : short.search(CUT_PHRASE);
  if (unfinished >= MIN_PHRASE_CHARS) short = short.slice(0, unfinished);
  short = short.replace(/[,;:—–\s]+$/, '');
  while (DANGLING_END.test(short) && short.split(' ').length > 3) short = short.replace(DANGLING_END, '');
  return short;
}

/**
 * A title from one spoken line: without its hesitations, restarts and opening filler, shortened at a phrase
 * boundary, in title case.
 */
export function titleFromLine(line: string, max = MAX_TITLE_CHARS): string {
  const body = withoutSpokenFiller(line);
  const question = /\?["'”’]?\s*$/.test(body);
  const bare = body
    .replace(/[.!?…]+["'”’]?\s*$/, '')
    .replace(/["“”]/g, '')
    .trim();
  const fits = bare.length + (question ? 1 : 0) <= max;
  const title = titleCase(fits ? bare : shortenAtPhrase(bare, max));
  return fits && question ? `${title}?` : title;
}

/** Below this trust in a passage's words, its sentences are not quoted in its title or caption. */
export const QUOTABLE_CONFIDENCE = 0.6;
/** A word the recogniser gives at least this confidence can name the topic. */
const CONFIDENT_WORD = 0.85;

/** "2:05" for 125 s. */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Content words the recogniser was sure of every time it heard them, at least twice; most frequent first. */
export function confidentKeywords(words: readonly Word[], count = 3): string[] {
  const tally = new Map<string, number>();
  const doubted = new Set<string>();
  for (const word of words) {
    for (const token of contentTokens(word.text)) {
      if (token.length <= 3) continue;
      if ((word.confidence ?? 1) < CONFIDENT_WORD) doubted.add(token);
      tally.set(token, (tally.get(token) ?? 0) + 1);
    }
  }
  return [...tally.entries()]
    .filter(([token, times]) => times >= 2 && !doubted.has(token))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([token]) => token);
}

/** "a 42-second", "an 8-second", "an 18-second": the article as the number is spoken. */
export function lengthPhrase(seconds: number): string {
  const n = Math.round(seconds);
  const spokenWithVowel = /^8/.test(String(n)) || n === 11 || n === 18;
  return `${spokenWithVowel ? 'An' : 'A'} ${n}-second`;
}

/** A title that claims no words: the confident keywords, or where the passage is. */
export function fallbackTitle(words: readonly Word[], start: number, end: number): string {
  const keywords = confidentKeywords(words);
  if (keywords.length >= 2) {
    const named = titleCase(`${keywords.slice(0, -1).join(', ')} and ${keywords[keywords.length - 1]}`);
    return shortenAtPhrase(`On ${named}`, MAX_TITLE_CHARS);
  }
  return `${lengthPhrase(end - start)} moment at ${clock(start)}`;
}

/** The title of a short that opens on `hook`: the hook's own words. */
export function makeTitle(hook: Sentence): string {
  return titleFromLine(hook.text);
}

export function hashtags(keywords: readonly string[], count = 4): string[] {
  return [...new Set(keywords.map((keyword) => keyword.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')))]
    .filter((tag) => tag.length > 2)
    .slice(0, count)
    .map((tag) => `#${tag}`);
}

/** A description is at most this long before its hashtags. */
const MAX_DESCRIPTION_CHARS = 200;

/** One or two sentences that carry the payoff: the payoff, and the line before it when both fit. */
export function payoffLines(sentences: readonly Sentence[], payoff: number): string {
  const at = Math.max(0, Math.min(sentences.length - 1, payoff));
  const line = withoutHesitations(sentences[at]?.text ?? '');
  const before = at > 0 ? withoutHesitations(sentences[at - 1].text) : '';
  if (before && line.length < 80 && before.length + line.length + 1 <= MAX_DESCRIPTION_CHARS) {
    return `${before} ${line}`;
  }
  return line.length <= MAX_DESCRIPTION_CHARS ? line : `${shortenAtPhrase(line, MAX_DESCRIPTION_CHARS)}.`;
}

/**
 * The social caption: the payoff in the speaker's words and hashtags naming the topic. A passage whose words
 * are not trusted is described, not quoted: pass `plain` with its place in the source (seconds).
 */
export function makeDescription(
  sentences: readonly Sentence[],
  keywords: readonly string[],
  plain?: { start: number; end: number },
  payoff = sentences.length - 1,
): string {
  if (plain) {
    const words = sentences.flatMap((sentence) => sentence.words);
    const tags = [...hashtags(confidentKeywords(words)), '#shorts'];
    return `${lengthPhrase(plain.end - plain.start)} moment from ${clock(plain.start)} of the video; its words were recognised with low confidence, so it is not quoted. ${tags.join(' ')}`;
  }
  const tags = [...hashtags(keywords), '#shorts'];
  return `${payoffLines(sentences, payoff)} ${tags.join(' ')}`;
}

export function makeReason(features: FeatureScores, keywords: readonly string[]): string {
  const strengths: string[] = [];
  // what the words say is only a reason when the words are trusted
  const worded = features.confidence >= QUOTABLE_CONFIDENCE;
  if (worded && features.hook >= 0.5) strengths.push('opens with a strong hook');
  if (worded && features.coherence >= 0.5) {
    strengths.push(`stays on one topic${keywords.length ? ` (${keywords.slice(0, 2).join(', ')})` : ''}`);
  }
  if (worded && features.selfContained >= 0.8) strengths.push('stands on its own without earlier context');
  if (worded && features.keywords >= 0.5) strengths.push('is dense with the talk’s key ideas');
  if (worded && features.specificity >= 0.7) strengths.push('makes concrete, specific points');
  if (worded && features.pace >= 0.8) strengths.push('keeps a lively pace');
  if (features.energy >= 0.65) strengths.push('is delivered with energy');
  if (features.laughter >= 0.5) strengths.push('gets a laugh');
  if ((features.heatmap ?? 0) >= 0.6) strengths.push('is among the most replayed moments');
  if (features.position >= 0.8) strengths.push('covers a whole section of the talk');
  else if (features.position >= 0.6) strengths.push('opens a new section of the talk');
  if (features.fluency >= 0.7) strengths.push('is delivered fluently');
  const weaknesses: string[] = [];
  if (features.sponsor > 0) weaknesses.push('contains a sponsor read');
  if (features.housekeeping > 0) weaknesses.push('contains filler or housekeeping');
  if (features.outro > 0) weaknesses.push('contains the outro');
  if (features.straddle >= 0.5) weaknesses.push('runs across a change of topic');
  const join = (parts: string[]) =>
    parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const praise = strengths.length
    ? `This segment ${join(strengths)}.`
    : 'This is the strongest complete passage of the window.';
  const judged = worded
    ? ''
    : ' Its words were recognised with low confidence, so it was judged by its sound and its place in the talk.';
  return weaknesses.length
    ? `${praise} It ranks lower because it ${join(weaknesses)}.${judged}`
    : `${praise}${judged}`;
}
