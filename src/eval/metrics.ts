// Evaluation metrics: word error rate with an alignment, timing error of aligned words, ranking quality.

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Spells a whole number below one million the way a speaker says it ("1450" → "one thousand four hundred fifty"). */
export function spellNumber(value: number): string[] {
  if (value < 20) return [ONES[value]];
  if (value < 100) return value % 10 ? [TENS[Math.floor(value / 10)], ONES[value % 10]] : [TENS[value / 10]];
  if (value < 1000) {
    const rest = value % 100;
    return [ONES[Math.floor(value / 100)], 'hundred', ...(rest ? spellNumber(rest) : [])];
  }
  const rest = value % 1000;
  return [...spellNumber(Math.floor(value / 1000)), 'thousand', ...(rest ? spellNumber(rest) : [])];
}

/** Lower-case word tokens without punctuation; numbers spelled out, so "20%" and "twenty percent" compare equal. */
export function normalizeWords(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().replace(/%/g, ' percent ').split(/\s+/)) {
    const token = raw.replace(/[^a-z0-9']/g, '').replace(/^'+|'+$/g, '');
    if (!token) continue;
    if (/^\d{1,6}$/.test(token)) tokens.push(...spellNumber(Number(token)));
    else tokens.push(token);
  }
  return tokens;
}

export interface Alignment {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** index pairs (reference, hypothesis) of words that match exactly */
  matches: Array<[number, number]>;
}

/** Levenshtein alignment of two token sequences. */
export function alignWords(reference: readonly string[], hypothesis: readonly string[]): Alignment {
  const rows = reference.length + 1;
  const cols = hypothesis.length + 1;
  const cost = new Uint32Array(rows * cols);
  for (let i = 0; i < rows; i++) cost[i * cols] = i;
  for (let j = 0; j < cols; j++) cost[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const same = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
      cost[i * cols + j] = Math.min(
        cost[(i - 1) * cols + j - 1] + same,
        cost[(i - 1) * cols + j] + 1,
        cost[i * cols + j - 1] + 1,
      );
    }
  }
  const alignment: Alignment = { substitutions: 0, deletions: 0, insertions: 0, matches: [] };
  let i = reference.length;
  let j = hypothesis.length;
  while (i > 0 || j > 0) {
    const here = cost[i * cols + j];
    if (i > 0 && j > 0) {
      const same = reference[i - 1] === hypothesis[j - 1];
      if (here === cost[(i - 1) * cols + j - 1] + (same ? 0 : 1)) {
        if (same) alignment.matches.push([i - 1, j - 1]);
        else alignment.substitutions++;
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && here === cost[(i - 1) * cols + j] + 1) {
      alignment.deletions++;
      i--;
    } else {
      alignment.insertions++;
      j--;
    }
  }
  alignment.matches.reverse();
  return alignment;
}

export function wordErrorRate(reference: readonly string[], hypothesis: readonly string[]): number {
  if (reference.length === 0) return hypothesis.length === 0 ? 0 : 1;
  const { substitutions, deletions, insertions } = alignWords(reference, hypothesis);
  return (substitutions + deletions + insertions) / reference.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Average precision of a ranked list of relevance judgements (1 = relevant). */
export function averagePrecision(relevant: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  relevant.forEach((isRelevant, rank) => {
    if (!isRelevant) return;
    hits++;
    sum += hits / (rank + 1);
  });
  return hits === 0 ? 0 : sum / hits;
}
