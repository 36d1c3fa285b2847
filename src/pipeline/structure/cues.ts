import type { SpokenCue } from '../../engines/transcription/keyword-spotting.ts';
import { tokens } from '../highlights/text.ts';
import { CUES, type CueKind } from '../../domain/cues.ts';

// Housekeeping, sponsor and outro cues matched by how they sound, not how a recogniser spelled them:
// "subscribe" heard as "sub scribe" or "subscribed", "sponsored by" as "sponsor bye". Each phrase and the text
// are turned into a rough phonetic string, and the phrase is looked for anywhere in the text with a few edits.

/** An intro cue counts in this first share of a window only. */
export const INTRO_REGION_SHARE = 0.2;

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

interface CueKey {
  key: string;
  words: number;
}

const KEYS: Record<CueKind, CueKey[]> = Object.fromEntries(
  (Object.keys(CUES) as CueKind[]).map((kind) => [
    kind,
    CUES[kind].map((phrase) => ({
      // word by word, as a run of heard words is keyed: an exact phrase matches exactly
      key: phrase.split(' ').map(soundKey).join(''),
      words: phrase.split(' ').length,
    })),
  ]),
) as Record<CueKind, CueKey[]>;

/** share of a cue's key that may differ and still match */
const MAX_DIFFERENCE = 0.22;

/**
 * How well the best cue phrase of `kind` sounds like a run of consecutive words of `text` (0 none … 1 exact):
 * runs of one word fewer to one word more than the phrase, so a split or merged word still matches.
 */
export function cueMatch(text: string, kind: CueKind): number {
  return keysMatch(soundKeys(text), kind);
}

/** The sound keys of a text's words, joined, with where each word's key starts (and the end). */
interface SoundKeys {
  joined: string;
  offsets: number[];
}

function soundKeys(text: string): SoundKeys {
  const keys = tokens(text).map(soundKey);
  const offsets = [0];
  for (const key of keys) offsets.push(offsets[offsets.length - 1] + key.length);
  return { joined: keys.join(''), offsets };
}

function followedBy(first: SoundKeys, second: SoundKeys): SoundKeys {
  const shift = first.joined.length;
  return {
    joined: first.joined + second.joined,
    offsets: [...first.offsets, ...second.offsets.slice(1).map((offset) => offset + shift)],
  };
}

function keysMatch({ joined, offsets }: SoundKeys, kind: CueKind): number {
  const words = offsets.length - 1;
  let best = 0;
  for (const cue of KEYS[kind]) {
    const slack = cue.key.length * MAX_DIFFERENCE;
    for (let size = Math.max(1, cue.words - 1); size <= cue.words + 1; size++) {
      for (let from = 0; from + size <= words; from++) {
        const length = offsets[from + size] - offsets[from];
        if (Math.abs(length - cue.key.length) > slack) continue;
        const run = joined.slice(offsets[from], offsets[from + size]);
        const difference = editDistance(cue.key, run, Math.floor(slack)) / cue.key.length;
        if (difference <= MAX_DIFFERENCE) best = Math.max(best, 1 - difference);
      }
    }
  }
  return best;
}

type FoundCue = { kind: CueKind; strength: number } | undefined;

function cueOfKeys(keys: SoundKeys): FoundCue {
  let found: FoundCue;
  for (const kind of Object.keys(CUES) as CueKind[]) {
    const strength = keysMatch(keys, kind);
    if (strength > 0 && (!found || strength > found.strength)) found = { kind, strength };
  }
  return found;
}

/** The kind of passage a sentence sounds like, with its match strength, or undefined for ordinary content. */
export function sentenceCue(text: string): FoundCue {
  return cueOfKeys(soundKeys(text));
}

/** share of a spotted phrase that must lie inside a sentence for the sentence to carry it */
const MIN_HIT_OVERLAP = 0.5;

/**
 * The cue each sentence carries by the phrases heard in the audio (keyword spotting), or undefined: a sentence
 * carries a spotted phrase when at least half of the phrase's time lies inside it. The strength is the largest
 * share of one phrase of the kind inside the sentence (0.5 … 1); where phrases of several kinds fall in one
 * sentence, the kind with the strongest wins.
 */
export function sentenceCuesFromSpotting(
  sentences: readonly { start: number; end: number }[],
  hits: readonly SpokenCue[],
): ({ kind: CueKind; strength: number } | undefined)[] {
  return sentences.map((sentence) => {
    let found: { kind: CueKind; strength: number } | undefined;
    for (const hit of hits) {
      const length = hit.end - hit.start;
      const inside = Math.min(sentence.end, hit.end) - Math.max(sentence.start, hit.start);
      // a phrase of no length counts when its instant lies inside the sentence
      const share = length > 0 ? inside / length : inside >= 0 ? 1 : 0;
      if (share < MIN_HIT_OVERLAP) continue;
      const strength = Math.min(1, share);
      if (!found || strength > found.strength) found = { kind: hit.kind, strength };
    }
    return found;
  });
}

/** A sound-alike match this close or closer counts on its own; a looser one needs weak words or a neighbour. */
const SURE_MATCH = 0.95;
/** Words trusted this much are spelled right: a loose match in them is more likely another phrase. */
const TRUSTED_WORDS = 0.8;

/**
 * The cue each sentence carries: matched in its words (a phrase split over a sentence edge counts for the
 * sentence it starts in), or heard in the audio by keyword spotting. A loose sound-alike match in trusted words
 * counts only beside another cue of its kind; a greeting marks an intro only near the window's start.
 */
export function sentenceCues(
  sentences: readonly { text: string; start: number; end: number }[],
  context: { windowDuration: number; confidence: number; spoken?: readonly SpokenCue[] },
): FoundCue[] {
  const keys = sentences.map((sentence) => soundKeys(sentence.text));
  const own = keys.map(cueOfKeys);
  const read = sentences.map((_, index) => {
    if (own[index] || index + 1 === sentences.length) return own[index];
    // a phrase split over the sentence edge, unless the next sentence's opening words hold it alone
    const next = keys[index + 1];
    const opening = {
      joined: next.joined.slice(0, next.offsets[Math.min(3, next.offsets.length - 1)]),
      offsets: next.offsets.slice(0, 4),
    };
    return cueOfKeys(opening) ? undefined : cueOfKeys(followedBy(keys[index], opening));
  });
  const heard = context.spoken ? sentenceCuesFromSpotting(sentences, context.spoken) : [];
  const kindAt = (index: number) => [read[index]?.kind, heard[index]?.kind];
  return sentences.map((sentence, index) => {
    let cue = read[index];
    if (cue && cue.strength < SURE_MATCH && context.confidence >= TRUSTED_WORDS) {
      // a sponsor read ends on "link in the show notes", housekeeping sits beside an outro: any junk will do
      const beside = [...kindAt(index - 1), ...kindAt(index + 1), heard[index]?.kind];
      if (!beside.some((kind) => kind !== undefined && kind !== 'intro')) cue = undefined;
    }
    const spotted = heard[index];
    if (spotted && (!cue || spotted.strength > cue.strength)) cue = spotted;
    // a greeting is said plainly and marks a whole story as intro: only a sure match near the start counts
    const introRegion = sentence.start <= context.windowDuration * INTRO_REGION_SHARE;
    return cue && (cue.kind !== 'intro' || (introRegion && cue.strength >= SURE_MATCH)) ? cue : undefined;
  });
}
