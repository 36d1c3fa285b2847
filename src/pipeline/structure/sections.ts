import { addVectors, cosine, type Vector } from '../highlights/text.ts';
import { logistic, median } from './pauses.ts';
import type { SentenceBoundary } from '../../domain/transcript.ts';

// Sections (topic edges) of a talk: where the speaker pauses far longer than between their own sentences,
// the camera cuts, and the vocabulary changes. Each sentence boundary gets an edge strength; the strong ones
// divide the talk into sections.

export interface Section {
  /** first and last sentence index */
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface SectionEvidence {
  boundaries: readonly SentenceBoundary[];
  /** TF-IDF vector of each sentence */
  vectors: readonly Vector[];
  /** 0..1: how far the words can be trusted (lexical shift counts in proportion) */
  textConfidence: number;
  /** scene cuts (seconds) found in the stretches of the window that were looked at */
  scenes?: SceneEvidence;
}

export interface SceneEvidence {
  looked: readonly { start: number; end: number }[];
  cuts: readonly number[];
}

const BLOCK = 3;
const EDGE_THRESHOLD = 0.5;
const MIN_SECTION_SENTENCES = 2;

/**
 * Where this speaker's long pauses begin: the best split of the log pause lengths between sentences into
 * ordinary and long ones, with the long group at most a third of them and at least 1.6× the median pause.
 */
export function longPauseThreshold(durations: readonly number[]): number {
  const logs = durations
    .filter((d) => d > 0)
    .map(Math.log)
    .sort((a, b) => a - b);
  if (logs.length < 4) return Number.POSITIVE_INFINITY;
  const floor = Math.log(1.6 * median(durations));
  const n = logs.length;
  const total = logs.reduce((a, b) => a + b, 0);
  let best = -1;
  let threshold = Number.POSITIVE_INFINITY;
  let below = 0;
  for (let k = 1; k < n; k++) {
    below += logs[k - 1];
    if (n - k > n / 3) continue;
    const gap = (logs[k - 1] + logs[k]) / 2;
    if (gap < floor) continue;
    const variance = k * (n - k) * ((total - below) / (n - k) - below / k) ** 2;
    if (variance > best) {
      best = variance;
      threshold = gap;
    }
  }
  return Math.exp(threshold);
}

/** Evidence (0..1) of a topic edge from each pause between sentences: is it one of the speaker's long ones? */
export function longPauseEvidence(durations: readonly number[]): number[] {
  const threshold = longPauseThreshold(durations);
  if (!Number.isFinite(threshold)) return durations.map(() => 0);
  return durations.map((d) => logistic((Math.log(Math.max(0.02, d)) - Math.log(threshold)) / 0.12));
}

/** TextTiling depth: how much more the vocabulary changes at a boundary than around it (0..1, per talk). */
export function lexicalShift(vectors: readonly Vector[]): number[] {
  const block = (from: number, to: number) => addVectors(vectors.slice(Math.max(0, from), Math.max(0, to)));
  const similarity = vectors
    .slice(1)
    .map((_, index) => cosine(block(index + 1 - BLOCK, index + 1), block(index + 1, index + 1 + BLOCK)));
  const depth = similarity.map((value, index) => {
    const left = Math.max(value, ...similarity.slice(Math.max(0, index - BLOCK), index));
    const right = Math.max(value, ...similarity.slice(index + 1, index + 1 + BLOCK));
    return left - value + (right - value);
  });
  const deepest = Math.max(0, ...depth);
  return depth.map((value) => (deepest > 0 ? value / deepest : 0));
}

/** 1 for a cut in the pause, 0 for none, undefined where nobody looked. */
function sceneCutEvidence(boundary: SentenceBoundary, scenes: SceneEvidence): number | undefined {
  const looked = scenes.looked.some(
    (stretch) => stretch.start <= boundary.start && stretch.end >= boundary.end,
  );
  if (!looked) return undefined;
  return scenes.cuts.some((cut) => cut >= boundary.start - 0.3 && cut <= boundary.end + 0.3) ? 1 : 0;
}

/** Edge strength (0..1) of every sentence boundary. */
export function edgeStrengths(evidence: SectionEvidence): number[] {
  const pauses = longPauseEvidence(evidence.boundaries.map((b) => b.end - b.start));
  const lexical = lexicalShift(evidence.vectors);
  const lexicalWeight = 0.4 * evidence.textConfidence;
  const sceneWeight = 0.3;
  return evidence.boundaries.map((boundary, index) => {
    let sum = pauses[index];
    let weight = 1;
    sum += lexicalWeight * (lexical[index] ?? 0);
    weight += lexicalWeight;
    const scene = evidence.scenes ? sceneCutEvidence(boundary, evidence.scenes) : undefined;
    if (scene !== undefined) {
      sum += sceneWeight * scene;
      weight += sceneWeight;
    }
    // a weak sentence boundary is no topic edge, however long the silence around it
    return Math.round((sum / weight) * Math.min(1, boundary.strength * 1.5) * 1000) / 1000;
  });
}

/** Sections between the strong edges, each at least a couple of sentences long. */
export function detectSections(
  sentences: readonly { start: number; end: number }[],
  strengths: readonly number[],
): Section[] {
  if (sentences.length === 0) return [];
  const order = strengths
    .map((strength, index) => ({ strength, index }))
    .filter((edge) => edge.strength >= EDGE_THRESHOLD)
    .sort((a, b) => b.strength - a.strength);
  const cuts: number[] = [];
  for (const { index } of order) {
    // edge `index` sits after sentence `index`
    const tooClose = [-1, ...cuts, sentences.length - 1].some(
      (cut) => Math.abs(cut - index) < MIN_SECTION_SENTENCES,
    );
    if (!tooClose) cuts.push(index);
  }
  cuts.sort((a, b) => a - b);
  const firsts = [0, ...cuts.map((cut) => cut + 1)];
  return firsts.map((first, position) => {
    const last = position + 1 < firsts.length ? firsts[position + 1] - 1 : sentences.length - 1;
    return { first, last, start: sentences[first].start, end: sentences[last].end };
  });
}
