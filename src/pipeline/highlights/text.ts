// Word-level text helpers for scoring: tokens, stop words, TF-IDF vectors and their similarity.

export const STOP_WORDS = new Set(
  (
    "a an the and or but so if then than that this these those it its it's is are was were be been being am do does did " +
    'have has had having i me my we us our you your he him his she her they them their what which who whom whose when ' +
    'where why how all any both each few more most other some such no nor not only own same too very can will just ' +
    'should now of at by for with about against between into through during before after above below to from up down ' +
    'in out on off over under again further once here there also because as until while would could might must shall ' +
    "may let lets let's get got go going gonna really like well yeah okay ok oh um uh er ah hmm thing things kind sort " +
    "lot lots one two three first second one's that's there's what's i'm you're we're they're don't can't " +
    'know think mean right actually basically literally just said say says'
  ).split(/\s+/),
);

/** Words too general to name a topic, however often a passage uses them. */
export const GENERIC_WORDS = new Set(
  (
    'time times idea ideas way ways people person year years day days week weeks month months hour hours minute ' +
    'minutes second seconds moment today tomorrow yesterday night morning story stories question answer part point ' +
    'place places something nothing anything everything someone anyone everyone nobody single whole great good bad ' +
    'big small little large huge tiny expensive cheap important different same next last every much many able sure ' +
    'maybe probably always never ever still even back around start started starts make made makes take took takes ' +
    'want wanted need needed tell told look looked come came went gone keep kept find found give gave feel felt ' +
    'better best worst most start end ended turn turned call called work worked thought thinking talk talking ' +
    'said says saying asked mean means wrong right true real pretty quite almost nearly enough another other ' +
    'first second third four five hundred thousand million percent half number numbers yes'
  ).split(/\s+/),
);

export function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((token) => token.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

export function contentTokens(text: string): string[] {
  return tokens(text).filter((token) => token.length > 2 && !STOP_WORDS.has(token) && !/^\d+$/.test(token));
}

export type Vector = Map<string, number>;

/** Inverse document frequency of each term over `documents` (each a list of tokens). */
export function inverseDocumentFrequency(documents: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const document of documents)
    for (const term of new Set(document)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, count] of counts) idf.set(term, Math.log((1 + documents.length) / (1 + count)) + 1);
  return idf;
}

export function tfidf(document: readonly string[], idf: Map<string, number>): Vector {
  const vector: Vector = new Map();
  for (const term of document) vector.set(term, (vector.get(term) ?? 0) + (idf.get(term) ?? 1));
  return vector;
}

export function addVectors(vectors: readonly Vector[]): Vector {
  const sum: Vector = new Map();
  for (const vector of vectors)
    for (const [term, value] of vector) sum.set(term, (sum.get(term) ?? 0) + value);
  return sum;
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, value] of a) {
    normA += value * value;
    dot += value * (b.get(term) ?? 0);
  }
  for (const value of b.values()) normB += value * value;
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

/**
 * How much of the lighter of two vectors the other also holds (weighted overlap coefficient): 1 when one
 * passage's words are all said in the other, as when part of a story is told again.
 */
export function overlapShare(a: Vector, b: Vector): number {
  let shared = 0;
  let massA = 0;
  let massB = 0;
  for (const [term, value] of a) {
    massA += value;
    shared += Math.min(value, b.get(term) ?? 0);
  }
  for (const value of b.values()) massB += value;
  const lighter = Math.min(massA, massB);
  return lighter > 0 ? shared / lighter : 0;
}
