import { seededRandom } from '../sample/random.ts';

// Transcript variants for the evaluation: the true words with a share of recognition errors, as a good
// recogniser with punctuation would make them — a word heard as another plausible word, a word missed, a word
// heard that was not said. Seeded, so a run can be repeated; times stay inside the speech they belong to.

export interface VariantWord {
  text: string;
  start: number;
  end: number;
}

export interface CorruptionOptions {
  seed: number;
  /** share of the true words that get an error (default 0.1) */
  rate?: number;
}

export interface Corruption {
  words: VariantWord[];
  substituted: number;
  dropped: number;
  inserted: number;
}

/** Short words a recogniser hears in a pause or a breath. */
const INSERTED = ['the', 'a', 'and', 'uh', 'so', 'of', 'it', 'that'];
/** An inserted word needs a pause at least this long, or it shares the next word's time. */
const MIN_INSERT_GAP = 0.12;

const bare = (text: string) => text.toLowerCase().replace(/[^a-z']/g, '');
const trailing = (text: string) => /[^A-Za-z0-9']*$/.exec(text)![0];
const leading = (text: string) => /^[^A-Za-z0-9']*/.exec(text)![0];

/**
 * A plausible stand-in for a word: another word of the talk that sounds alike by a crude measure — same first
 * letter and nearly the same length first, then nearly the same length. Keeps the original's capital and
 * punctuation, so sentence ends stay where they were.
 */
export function substituteWord(text: string, vocabulary: readonly string[], random: () => number): string {
  const word = bare(text);
  const others = vocabulary.filter((candidate) => candidate !== word && candidate.length > 0);
  const near = (max: number) => others.filter((c) => Math.abs(c.length - word.length) <= max);
  const alike = near(2).filter((candidate) => candidate[0] === word[0]);
  const pool = alike.length ? alike : near(2).length ? near(2) : others;
  if (!pool.length) return text;
  let pick = pool[Math.floor(random() * pool.length)];
  if (/^[A-Z]/.test(text.replace(/^[^A-Za-z]*/, ''))) pick = pick[0].toUpperCase() + pick.slice(1);
  return `${leading(text)}${pick}${trailing(text)}`;
}

/** The words with about `rate` of them wrong: half substituted, a quarter dropped, a quarter inserted. */
export function corruptWords(words: readonly VariantWord[], options: CorruptionOptions): Corruption {
  const random = seededRandom(options.seed * 2654435761);
  const rate = options.rate ?? 0.1;
  const vocabulary = [...new Set(words.map((word) => bare(word.text)))].sort();
  const out: VariantWord[] = [];
  let substituted = 0;
  let dropped = 0;
  let inserted = 0;
  for (const [index, word] of words.entries()) {
    if (random() >= rate) {
      out.push({ ...word });
      continue;
    }
    const kind = random();
    if (kind < 0.5) {
      out.push({ ...word, text: substituteWord(word.text, vocabulary, random) });
      substituted++;
    } else if (kind < 0.75) {
      // a missed word: its sentence-ending punctuation moves to the word before it
      const end = trailing(word.text);
      const previous = out[out.length - 1];
      if (/[.?!]/.test(end) && previous)
        previous.text = `${previous.text.replace(/[^A-Za-z0-9']+$/, '')}${end}`;
      dropped++;
    } else {
      const filler = INSERTED[Math.floor(random() * INSERTED.length)];
      const gapStart = index > 0 ? words[index - 1].end : Math.max(0, word.start - 0.3);
      if (word.start - gapStart >= MIN_INSERT_GAP) {
        const length = Math.min(0.25, word.start - gapStart - 0.04);
        out.push({ text: filler, start: round3(word.start - 0.02 - length), end: round3(word.start - 0.02) });
        out.push({ ...word });
      } else {
        // no pause before it: the inserted word takes the first part of this word's time
        const split = round3(word.start + (word.end - word.start) * 0.35);
        out.push({ text: filler, start: word.start, end: split });
        out.push({ ...word, start: split });
      }
      inserted++;
    }
  }
  return { words: out, substituted, dropped, inserted };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
