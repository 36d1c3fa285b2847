import { clamp01, hookStrength, NUMBER_WORDS } from './features.ts';
import { bestPhraseMatch, phraseKeys, soundKeys } from '../structure/sound-alike.ts';
import { contentTokens, tokens } from './text.ts';

// How a sentence reads as the first line of a short (its hook), as a lead-in that only announces what comes
// next, or as a story's payoff. All pure, each 0..1.

const LEAD_INS = [
  /^(?:(?:so|okay|ok|alright|all right|right|now|well|and)[,.]?\s+)*(?:let me|let's|lets|i want to|i'd like to|i'll|i will|we'll|we will|we're going to|i'm going to|i am going to)\s+(?:start|begin|kick (?:it|things) off|open|talk|tell you|move on|turn|switch|get|dive|jump|go)\b/,
  /^(?:(?:so|okay|ok|alright|all right|right|now|well|and)[,.]?\s+)*(?:this|the|my|our) (?:next|first|second|third|fourth|last|final|other) (?:one|story|thing|topic|question|point|example|lesson|part|segment)\b/,
  /^(?:(?:so|okay|ok|alright|all right|right|now|well|and)[,.]?\s+)*(?:moving on|next up|first up|on to|onto|speaking of|which brings (?:me|us) to|that brings (?:me|us) to|before (?:we|i) (?:go|move|get)|back to|anyway)\b/,
  /^(?:(?:so|okay|ok|alright|all right|right|now|well|and)[,.]?\s+)*(?:here's|here is|this is) (?:a|another|one|the) (?:story|thing|one|question)(?: (?:about|for|from|i|we|that))?\b[^?]{0,40}$/,
  /^(?:(?:so|okay|ok|alright|all right|right|now|well)[,.]?\s+)+(?:that|this) (?:brings|leads|gets)\b/,
  // a story announced in passing: "Since it is cold tonight, let me tell you what bees do."
  /\b(?:let me tell you|i want to tell you|i have to ask(?: you)? about|take me (?:right )?back to|let me ask you)\b/,
  // the chair handing over to the audience: "We have time for a couple of questions.", "One more, from the back."
  /\b(?:time for (?:a|one|two|a couple of|a few) (?:more )?questions?|(?:one|a few) more,? from|the first question|next question|another question|questions? from the audience|minutes for the audience)\b/,
];

/**
 * Lead-in phrases said in passing (four words or more), matched by how they sound: a recogniser's slip must not
 * turn a lead-in into a hook ("let me they you what your bees are doing" is still a lead-in).
 */
const SPOKEN_LEAD_INS = phraseKeys([
  'let me tell you',
  'i want to tell you',
  'let me start with',
  'i want to start with',
  'let me ask you',
  'i have to ask about',
  'take me back to',
  'which brings me to',
  'that brings us to',
  'time for a couple of questions',
  'questions from the audience',
]);

/** A question that only asks leave to ask or show something: "Can I ask you something more personal?" */
const ASKING_LEAVE =
  /^(?:(?:so|okay|ok|alright|all right|now|well|and)[,.]?\s+)*(?:(?:can|could|may|might) i (?:ask|show|tell|read) you|do you mind if i (?:ask|show)(?: you)?|(?:let me|i have to|i've got to|i gotta|i want to|i'd like to) ask you) (?:something|a question|one (?:more )?thing|this|a personal question)\b[^?]{0,30}\?$/;

/** A short reply that only hands the word back: "Sure, go ahead.", "Good question." */
const REPLY =
  /^(?:(?:sure|yes|yeah|yep|okay|ok|right|of course|absolutely|definitely|exactly|fair enough|go ahead|good question|great question|that's a (?:good|great|fair) question|i'd love to|happy to|thanks|thank you)\b[,.!]?\s*)+$/;

/** A line of a few words with hardly a content word, no number and no open question ("what", "why"…). */
function saysLittle(lower: string, words: readonly string[]): boolean {
  return (
    words.length <= 8 &&
    contentTokens(lower).length <= 2 &&
    !NUMBER.test(lower) &&
    !/^(why|what|how|who|where|when|which)\b/.test(words[0])
  );
}

const REPLY_THEN_SO = /^(?:sure|yes|yeah|yep|okay|ok|right|well|oh|so)[,.]?\s+(?:so|well|okay|yeah)\b/;

/** 0..1: how far a sentence only announces what comes next ("So, let me start with the kitchen."). */
export function leadInScore(text: string): number {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'").trim();
  const words = tokens(lower);
  if (words.length === 0) return 0;
  if (ASKING_LEAVE.test(lower)) return 1;
  if (words.length <= 6 && REPLY.test(lower)) return 1;
  if (/\?\s*$/.test(lower)) return saysLittle(lower, words) ? 0.5 : 0;
  if (
    LEAD_INS.some((pattern) => pattern.test(lower)) ||
    bestPhraseMatch(soundKeys(lower), SPOKEN_LEAD_INS) !== undefined
  )
    return words.length <= 16 ? 1 : 0.6;
  // a reply that only gets going: "Sure, so it really started with my dad."
  if (words.length <= 10 && REPLY_THEN_SO.test(lower)) return 0.5;

  // a bare connective with little said: "Okay.", "Right, so."
  if (words.length <= 3 && /^(so|okay|ok|alright|right|well|now|anyway|and)\b/.test(lower)) return 0.8;
  // whatever its words, a short line that says next to nothing is a transition, not a hook
  if (saysLittle(lower, words)) return 0.5;
  return 0;
}

const SUPERLATIVE =
  /\b(most|least|best|worst|biggest|smallest|largest|fastest|slowest|cheapest|hardest|easiest|strangest|weirdest|oldest|only|first time|never|ever|nobody|no one|everyone|every single)\b/;
const CONFESSION =
  /\b(i|we) (?:(?:have|had|'ve) )?(?:made|lost|broke|failed|quit|got fired|was fired|nearly|almost|never told|have to admit|must admit|confess|regret|wasted|blew|ruined|screwed up|messed up)\b|\b(my|our) (?:biggest|worst|most expensive|dumbest|first) (?:mistake|failure|regret)\b|\b(?:the truth is|honestly|to be honest|i'll be honest|i will be honest|i was wrong)\b|\bi (?:was|am|felt) (?:terrified|scared|afraid|ashamed|embarrassed|broke|desperate|devastated)\b/;
const PROMISE =
  /\b(here are|here's|these are|there are) (?:the |my |our )?(?:\w+ )?(two|three|four|five|six|seven|eight|nine|ten|\d+)\b|\b(let me show you|you need to know|you should know|what nobody tells you|the secret (?:to|of)|the reason (?:why|is)|here's why|here is why|here's how|here is how)\b/;
/** Openings that lean on what came before: "It was…", "That is why…" (a question may still open that way). */
const BACK_POINTING =
  /^(?:(?:it|its|it's|they|them|he|she|his|her|there|then)\b|(?:this|that|these|those)(?:'s)?(?:$|\s+(?:is|was|are|were|means|meant|one|ones|happened|made|makes|part|bit|thing|kind|sort|way|'s)\b))/;
const NUMBER = new RegExp(`\\d|\\b(?:${NUMBER_WORDS.join('|')})\\b`);

/**
 * Strength of a sentence as the first line of a short: a question, a number, a superlative, a confession or a
 * promise open a short; a lead-in, a dependent opener or a sentence that leans on what came before do not.
 */
export function hookScore(text: string): number {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const words = tokens(lower);
  if (words.length === 0) return 0;
  let score = hookStrength(text) * 0.6;
  if (/\?["'”’]?\s*$/.test(lower)) score += 0.15;
  if (SUPERLATIVE.test(lower)) score += 0.15;
  if (CONFESSION.test(lower)) score += 0.2;
  if (PROMISE.test(lower)) score += 0.25;
  if (NUMBER.test(lower)) score += 0.05;
  if (BACK_POINTING.test(words.slice(0, 2).join(' ')) && !/\?\s*$/.test(lower)) score -= 0.25;
  if (words.length < 4) score -= 0.25;
  else if (words.length > 28) score -= 0.1;
  return clamp01(score - 0.7 * leadInScore(text));
}

const PAYOFF =
  /\b(that's why|that is why|which is why|this is why|the lesson|the moral|the takeaway|the point is|turns out|it turned out|turned out|the answer (?:is|was)|the result|in the end|ended up|bottom line|what i learned|the secret (?:is|was)|the trick (?:is|was)|the key (?:is|was)|so next time|next time you|remember this|so remember|that means|which means|the real reason|because of that|and that's how|that's how|that is how|so if you)\b/;

/** Strength of a sentence as a story's payoff: the answer, the number, the lesson. */
export function payoffScore(text: string): number {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const words = tokens(lower);
  if (words.length === 0) return 0;
  let score = 0.2;
  if (PAYOFF.test(lower)) score += 0.45;
  if (NUMBER.test(lower)) score += 0.15;
  if (/\b(you|your)\b/.test(lower)) score += 0.05;
  if (words.length <= 16) score += 0.1;
  if (/\?\s*$/.test(lower)) score -= 0.3;
  if (/^(and|but|or|because)\b/.test(lower)) score -= 0.1;
  return clamp01(score);
}
