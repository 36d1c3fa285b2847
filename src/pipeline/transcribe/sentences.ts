import type { Sentence, Word } from '../types.ts';

// Words into sentences: at terminal punctuation when the recogniser gives it, otherwise at pauses.

const TERMINAL = /[.?!…。？！]["'”’)\]]*$/;
const PAUSE_SECONDS = 0.45;
const MAX_WORDS = 25;
const MAX_SECONDS = 12;

function hasPunctuation(words: readonly Word[]): boolean {
  return words.some((word) => TERMINAL.test(word.text));
}

/** Splits an over-long run at its longest internal pause, recursively. */
function splitLong(run: Word[]): Word[][] {
  const duration = run.length ? run[run.length - 1].end - run[0].start : 0;
  if (run.length <= MAX_WORDS && duration <= MAX_SECONDS) return [run];
  let cut = Math.floor(run.length / 2);
  let longest = -1;
  for (let i = 3; i < run.length - 3; i++) {
    const gap = run[i].start - run[i - 1].end;
    if (gap > longest) {
      longest = gap;
      cut = i;
    }
  }
  return [...splitLong(run.slice(0, cut)), ...splitLong(run.slice(cut))];
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

export function groupSentences(words: readonly Word[]): Sentence[] {
  const punctuated = hasPunctuation(words);
  const runs: Word[][] = [];
  let current: Word[] = [];
  words.forEach((word, index) => {
    const previous = words[index - 1];
    if (!punctuated && previous && current.length && word.start - previous.end >= PAUSE_SECONDS) {
      runs.push(current);
      current = [];
    }
    current.push(word);
    if (punctuated && TERMINAL.test(word.text)) {
      runs.push(current);
      current = [];
    }
  });
  if (current.length) runs.push(current);
  return runs.flatMap(splitLong).map((run, index) => ({
    index,
    text: tidySentenceText(run),
    start: run[0].start,
    end: run[run.length - 1].end,
    words: run,
  }));
}
