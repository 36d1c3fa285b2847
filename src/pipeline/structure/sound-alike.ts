import { tokens } from '../highlights/text.ts';

// Phrases matched by how they sound, not how a recogniser spelled them: "subscribe" heard as "sub scribe" or
// "subscribed", "let me tell you" as "let me they you". Each phrase and the text are turned into a rough
// phonetic string, and the phrase is looked for anywhere in the text with a few edits.

/** A rough sound-alike key: letters only, similar sounds folded together, three vowel classes, no doubles. */
export function soundKey(text: string): string {
  const folded = text
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/gh/g, '')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/v/g, 'f')
    .replace(/d/g, 't')
    .replace(/(?<=[a-z])h/g, '')
    .replace(/[eiy]/g, 'e')
    .replace(/u/g, 'o')
    .replace(/([aeo])[aeo]+/g, '$1');
  return folded.replace(/(.)\1+/g, '$1');
}

/** Levenshtein distance; past `limit` it stops early and answers `limit + 1`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j - 1] + same, previous[j] + 1, current[j - 1] + 1);
      current.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** A phrase's sound key, made word by word as a run of heard words is keyed: an exact phrase matches exactly. */
export interface PhraseKey {
  phrase: string;
  key: string;
  words: number;
}

export function phraseKeys(phrases: readonly string[]): PhraseKey[] {
  return phrases.map((phrase) => ({
    phrase,
    key: phrase.split(' ').map(soundKey).join(''),
    words: phrase.split(' ').length,
  }));
}

/** The sound keys of a text's words, joined, with where each word's key starts (and the end). */
export interface SoundKeys {
  joined: string;
  offsets: number[];
}

export function soundKeys(text: string): SoundKeys {
  const keys = tokens(text).map(soundKey);
  const offsets = [0];
  for (const key of keys) offsets.push(offsets[offsets.length - 1] + key.length);
  return { joined: keys.join(''), offsets };
}

export function followedBy(first: SoundKeys, second: SoundKeys): SoundKeys {
  const shift = first.joined.length;
  return {
    joined: first.joined + second.joined,
    offsets: [...first.offsets, ...second.offsets.slice(1).map((offset) => offset + shift)],
  };
}

/** share of a phrase's key that may differ and still match */
const MAX_DIFFERENCE = 0.22;

export interface PhraseMatch {
  /** the phrase that matched best */
  phrase: string;
  /** 0 none … 1 exact */
  strength: number;
  /** words in the phrase */
  words: number;
}

/**
 * How well the best of `phrases` sounds like a run of consecutive words (undefined when none is close enough):
 * runs of one word fewer to one word more than the phrase, so a split or merged word still matches.
 */
export function bestPhraseMatch(
  { joined, offsets }: SoundKeys,
  phrases: readonly PhraseKey[],
): PhraseMatch | undefined {
  const words = offsets.length - 1;
  let best: PhraseMatch | undefined;
  for (const phrase of phrases) {
    const slack = phrase.key.length * MAX_DIFFERENCE;
    for (let size = Math.max(1, phrase.words - 1); size <= phrase.words + 1; size++) {
      for (let from = 0; from + size <= words; from++) {
        const length = offsets[from + size] - offsets[from];
        if (Math.abs(length - phrase.key.length) > slack) continue;
        const run = joined.slice(offsets[from], offsets[from + size]);
        const difference = editDistance(phrase.key, run, Math.floor(slack)) / phrase.key.length;
        const strength = 1 - difference;
        if (difference <= MAX_DIFFERENCE && (!best || strength > best.strength))
          best = { phrase: phrase.phrase, strength, words: phrase.words };
      }
    }
  }
  return best;
}
