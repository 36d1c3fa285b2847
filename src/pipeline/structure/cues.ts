import type { SpokenCue } from '../../engines/transcription/keyword-spotting.ts';
import { CUES, SPONSOR_ANNOUNCEMENTS, type CueKind } from '../../domain/cues.ts';
import {
  bestPhraseMatch,
  followedBy,
  phraseKeys,
  soundKeys,
  type PhraseKey,
  type SoundKeys,
} from './sound-alike.ts';

// Housekeeping, sponsor, outro and intro cues, matched by how they sound (sound-alike.ts), not how a recogniser
// spelled them: "subscribe" heard as "sub scribe" or "subscribed", "sponsored by" as "sponsor bye".

/** An intro cue counts in this first share of a window only. */
export const INTRO_REGION_SHARE = 0.2;

const KEYS: Record<CueKind, PhraseKey[]> = Object.fromEntries(
  (Object.keys(CUES) as CueKind[]).map((kind) => [kind, phraseKeys(CUES[kind])]),
) as Record<CueKind, PhraseKey[]>;

/** How well the best cue phrase of `kind` sounds like a run of consecutive words of `text` (0 none … 1 exact). */
export function cueMatch(text: string, kind: CueKind): number {
  return bestPhraseMatch(soundKeys(text), KEYS[kind])?.strength ?? 0;
}

/** A cue a sentence carries: its kind, the phrase, how closely it sounds like it (0..1) and the phrase's words. */
export interface SentenceCue {
  kind: CueKind;
  strength: number;
  phrase: string;
  words?: number;
  /** heard in the audio by the keyword spotter, not read in the words */
  heard?: true;
}
type FoundCue = SentenceCue | undefined;

/** Whether a sentence's cue announces a sponsor read ("A quick word from…", "…is sponsored by…"). */
export function announcesSponsor(cue: SentenceCue | undefined): boolean {
  return cue?.kind === 'sponsor' && SPONSOR_ANNOUNCEMENTS.includes(cue.phrase);
}

function cueOfKeys(keys: SoundKeys): FoundCue {
  let found: FoundCue;
  for (const kind of Object.keys(CUES) as CueKind[]) {
    const match = bestPhraseMatch(keys, KEYS[kind]);
    if (match && (!found || match.strength > found.strength)) found = { kind, ...match };
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
): FoundCue[] {
  return sentences.map((sentence) => {
    let found: FoundCue;
    for (const hit of hits) {
      const length = hit.end - hit.start;
      const inside = Math.min(sentence.end, hit.end) - Math.max(sentence.start, hit.start);
      // a phrase of no length counts when its instant lies inside the sentence
      const share = length > 0 ? inside / length : inside >= 0 ? 1 : 0;
      if (share < MIN_HIT_OVERLAP) continue;
      const strength = Math.min(1, share);
      if (!found || strength > found.strength)
        found = { kind: hit.kind, strength, phrase: hit.phrase, heard: true };
    }
    return found;
  });
}

/** A sound-alike match this close or closer counts on its own; a looser one needs weak words or a neighbour. */
const SURE_MATCH = 0.95;
/**
 * A phrase of this many words or more is not said by chance: a match this close counts on its own too (a
 * four-word phrase with one short word dropped or inserted, "a quick the word from").
 */
const LONG_PHRASE = { words: 3, match: 0.83 };
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
    const sure =
      cue &&
      (cue.strength >= SURE_MATCH ||
        ((cue.words ?? 0) >= LONG_PHRASE.words && cue.strength >= LONG_PHRASE.match));
    if (cue && !sure && context.confidence >= TRUSTED_WORDS) {
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
