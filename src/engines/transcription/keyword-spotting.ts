import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../../media/process.ts';
import type { Logger } from '../../domain/logger.ts';
import { CUES, type CueKind } from '../../domain/cues.ts';
import { POCKETSPHINX_MODEL_DIR, pocketsphinxInputArgs } from './pocketsphinx.ts';

// Cue phrases (sponsor reads, housekeeping, outros) found in the audio itself by pocketsphinx's keyword-spotting
// search, which matches each phrase's phones against the sound rather than a transcript's guessed words: over a
// music bed pocketsphinx's transcript is mostly wrong, its keyword spotter much less so.

/** A cue phrase heard in the audio, in seconds from the start of the wav. */
export interface SpokenCue {
  kind: CueKind;
  phrase: string;
  start: number;
  end: number;
}

/** A phrase of the kws list with the detection threshold it is given. */
export interface KeywordPhrase {
  kind: CueKind;
  phrase: string;
  threshold: number;
}

/**
 * Phrases real reads carry beyond the transcript cues (every word is in cmudict-en-us). "sponsored" alone is
 * heard where "sponsored by" is not (the spotter often loses the short "by" after it) and, unlike most single
 * words, was never heard in ordinary speech.
 */
export const SPOKEN_ONLY_CUES: Record<SpottedKind, string[]> = {
  housekeeping: ['follow us on', 'leave us a review', 'show notes'],
  sponsor: ['sponsored', 'supported by', 'brought to you by', 'percent off'],
  outro: ['thanks for listening', 'see you next week'],
};

/** Greetings are not listened for: their place in the window, not a phrase, marks an intro when words are weak. */
type SpottedKind = Exclude<CueKind, 'intro'>;
const SPOTTED_KINDS: SpottedKind[] = ['housekeeping', 'sponsor', 'outro'];

/** Every phrase to listen for with its kind, the transcript cues first; a phrase is listed once. */
export function cuePhrases(): { kind: CueKind; phrase: string }[] {
  const seen = new Set<string>();
  const phrases: { kind: CueKind; phrase: string }[] = [];
  for (const table of [CUES, SPOKEN_ONLY_CUES]) {
    for (const kind of SPOTTED_KINDS) {
      for (const raw of table[kind]) {
        const phrase = normalisePhrase(raw);
        if (!phrase || seen.has(phrase)) continue;
        seen.add(phrase);
        phrases.push({ kind, phrase });
      }
    }
  }
  return phrases;
}

/** Lower case, single spaces, curly apostrophes straightened: the form pocketsphinx's dictionary uses. */
export function normalisePhrase(phrase: string): string {
  return phrase.toLowerCase().replace(/’/g, "'").trim().split(/\s+/).join(' ');
}

/**
 * Pronunciations (phone counts of each word's first pronunciation) from cmudict text: "word P1 P2 …" lines,
 * alternates written "word(2) …" are skipped. Only the words asked for are kept.
 */
export function phoneCounts(dictionary: string, words: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of dictionary.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const word = line.slice(0, space);
    if (!words.has(word) || counts.has(word)) continue;
    counts.set(
      word,
      line
        .slice(space + 1)
        .trim()
        .split(/\s+/).length,
    );
  }
  return counts;
}

/**
 * The detection threshold of a phrase of `phones` phones, 1e-(3 × phones): a longer phrase piles up a lower
 * likelihood for the same quality of match, so its threshold is lower. Measured on espeak-ng talks (two voices)
 * with 15 cue sentences among 36 ordinary ones (143 s), over room tone and under a music bed 18 and 12 dB down:
 * 2 per phone finds about a third fewer cue sentences under music with no fewer false alarms from the noisier
 * phrases, 3.5 per phone and more starts hearing short phrases ("use code", "bear with me") in ordinary speech.
 * At 3 the spotter found 13/15 cue sentences over room tone, 14/15 under music 18 dB down and 15/15 at 12 dB, with
 * no hit in the 36 ordinary sentences but one at 12 dB; on unseen sentences 8/10, 10/10 and 9/10 with none.
 */
export function thresholdFor(phones: number): number {
  return 10 ** -Math.round(THRESHOLD_PER_PHONE * phones);
}

export const THRESHOLD_PER_PHONE = 3;
/** A phrase this short (in phones) matches pieces of ordinary words at any useful threshold. */
export const MIN_PHONES = 6;
/**
 * Transcript cues not listened for: single words that hide inside ordinary ones ("housekeeping" was heard in
 * "the old lighthouse keeper" at every threshold that found it at all), and phrases not yet measured in speech.
 */
export const UNSPOTTABLE: ReadonlySet<string> = new Set([
  'housekeeping',
  // short or common-word phrases read in transcripts, not yet measured for false alarms in speech
  'rate the show',
  'rate and review',
  'in the description',
  'new episodes every',
  'a quick word from',
  'word from our sponsor',
  'dot com',
  'that is our show',
  "that's our show",
  'thank you to everyone',
  'join me in thanking',
  'see you next',
]);

export interface DroppedPhrase {
  phrase: string;
  reason: 'unknown word' | 'too short' | 'confusable';
}

/**
 * The kws list: each cue phrase whose words are all in the dictionary (`phones`: phone count of each word), with
 * its threshold. Phrases with a word the dictionary lacks, too few phones to tell, or known to be confused with
 * ordinary speech are left out and named in `dropped`.
 */
export function keywordPhrases(
  phones: ReadonlyMap<string, number>,
  phrases = cuePhrases(),
): { phrases: KeywordPhrase[]; dropped: DroppedPhrase[] } {
  const kept: KeywordPhrase[] = [];
  const dropped: DroppedPhrase[] = [];
  for (const { kind, phrase } of phrases) {
    const counts = phrase.split(' ').map((word) => phones.get(word));
    if (counts.some((count) => count === undefined)) {
      dropped.push({ phrase, reason: 'unknown word' });
      continue;
    }
    const total = counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);
    if (total < MIN_PHONES) dropped.push({ phrase, reason: 'too short' });
    else if (UNSPOTTABLE.has(phrase)) dropped.push({ phrase, reason: 'confusable' });
    else kept.push({ kind, phrase, threshold: thresholdFor(total) });
  }
  return { phrases: kept, dropped };
}

/** The `-kws` file: one phrase a line with its threshold between slashes ("sponsored by /1e-24/"). */
export function keywordListFile(phrases: readonly KeywordPhrase[]): string {
  return phrases.map(({ phrase, threshold }) => `${phrase} /${threshold.toExponential()}/\n`).join('');
}

/** pocketsphinx_continuous arguments for keyword spotting over a 16 kHz mono wav, with detection times. */
export function keywordSpottingArgs(
  wavPath: string,
  listPath: string,
  modelDir = POCKETSPHINX_MODEL_DIR,
): string[] {
  return [
    // keyword spotting searches for the phrases alone: no language model
    ...pocketsphinxInputArgs(wavPath, modelDir, false),
    '-kws',
    listPath,
    '-logfn',
    '/dev/null',
  ];
}

const DETECTION = /^(.+?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i;

/**
 * Detections from pocketsphinx_continuous 0.8+5prealpha output with `-kws` and `-time yes`. After each stretch
 * of speech it prints the phrases found, space-joined, on one line, then one line per detection: the phrase (with
 * a trailing space), start and end in seconds from the start of the file, and a confidence ("use code  6.250
 * 6.770 0.833334"). Lines of phrases not in the list are ignored; detections come back in time order.
 */
export function parseKeywordSpottingOutput(output: string, phrases: readonly KeywordPhrase[]): SpokenCue[] {
  const kinds = new Map(phrases.map(({ phrase, kind }) => [phrase, kind]));
  const cues: SpokenCue[] = [];
  for (const line of output.split('\n')) {
    const match = DETECTION.exec(line.trim());
    if (!match) continue;
    const phrase = normalisePhrase(match[1]);
    const kind = kinds.get(phrase);
    const start = Number(match[2]);
    const end = Number(match[3]);
    if (!kind || !(end >= start)) continue;
    cues.push({ kind, phrase, start, end });
  }
  return cues.sort((a, b) => a.start - b.start || a.end - b.end);
}

export interface SpotCuesOptions {
  /** the pocketsphinx_continuous to run (default: from PATH) and its model directory */
  tools?: { pocketsphinx?: string; pocketsphinxModelDir?: string };
  signal: AbortSignal;
  log?: Logger;
}

const dictionaries = new Map<string, Promise<Map<string, number>>>();

/** The phone counts of the cue words in the model's dictionary, read once per process. */
function cueWordPhones(modelDir: string): Promise<Map<string, number>> {
  let pending = dictionaries.get(modelDir);
  if (!pending) {
    const words = new Set(cuePhrases().flatMap(({ phrase }) => phrase.split(' ')));
    pending = readFile(`${modelDir}/cmudict-en-us.dict`, 'utf8').then((text) => phoneCounts(text, words));
    pending.catch(() => dictionaries.delete(modelDir));
    dictionaries.set(modelDir, pending);
  }
  return pending;
}

/**
 * Listens for the cue phrases in a 16 kHz mono wav with pocketsphinx's keyword spotter, as a process of its own
 * (killed when `signal` aborts). Times are seconds from the start of the wav.
 */
export async function spotCues(wavPath: string, options: SpotCuesOptions): Promise<SpokenCue[]> {
  const modelDir = options.tools?.pocketsphinxModelDir ?? POCKETSPHINX_MODEL_DIR;
  const { phrases, dropped } = keywordPhrases(await cueWordPhones(modelDir));
  const unknown = dropped.filter(({ reason }) => reason === 'unknown word');
  if (unknown.length > 0)
    options.log?.warn(
      `Keyword spotting leaves out ${unknown.map(({ phrase }) => `"${phrase}"`).join(', ')}: a word is not in the pocketsphinx dictionary`,
    );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-kws-'));
  try {
    const listPath = path.join(dir, 'cues.kws');
    await writeFile(listPath, keywordListFile(phrases));
    const { stdout } = await runProcess(
      options.tools?.pocketsphinx ?? 'pocketsphinx_continuous',
      keywordSpottingArgs(wavPath, listPath, modelDir),
      { signal: options.signal },
    );
    return parseKeywordSpottingOutput(stdout, phrases);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
