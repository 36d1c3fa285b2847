import type { Sentence } from '../types.ts';
import type { Candidate } from './candidates.ts';
import {
  clamp01,
  energyScore,
  fullness,
  fillerRatio,
  heatmapScore,
  hookStrength,
  keywordDensity,
  laughterScore,
  selfContainedness,
  speechRateScore,
  specificity,
  sponsorRatio,
} from './features.ts';
import { addVectors, contentTokens, cosine, inverseDocumentFrequency, tfidf, type Vector } from './text.ts';

// The local scorer: a weighted blend of features, with filler and sponsor reads pushed to the bottom.

export interface FeatureScores {
  hook: number;
  selfContained: number;
  coherence: number;
  keywords: number;
  specificity: number;
  fullness: number;
  energy: number;
  laughter: number;
  pace: number;
  heatmap?: number;
  filler: number;
  sponsor: number;
}

export interface ScoredCandidate extends Candidate {
  score: number;
  features: FeatureScores;
  keywords: string[];
}

export const WEIGHTS = {
  hook: 0.2,
  selfContained: 0.14,
  coherence: 0.2,
  keywords: 0.06,
  specificity: 0.16,
  fullness: 0.1,
  energy: 0.05,
  laughter: 0.03,
  pace: 0.06,
  heatmap: 0.1,
} as const;

export interface TalkContext {
  sentences: readonly Sentence[];
  vectors: Vector[];
  idf: Map<string, number>;
  salient: Set<string>;
  levels: { levels: number[]; stepSeconds: number; median: number } | undefined;
  heatmap: readonly { start: number; end: number; value: number }[];
  band: { min: number; max: number };
}

export function buildTalkContext(
  sentences: readonly Sentence[],
  levels: { levels: number[]; stepSeconds: number } | undefined,
  heatmap: readonly { start: number; end: number; value: number }[] = [],
  band: { min: number; max: number } = { min: 15, max: 60 },
): TalkContext {
  const documents = sentences.map((sentence) => contentTokens(sentence.text));
  const idf = inverseDocumentFrequency(documents);
  const vectors = documents.map((document) => tfidf(document, idf));
  const talkVector = addVectors(vectors);
  const salient = new Set(
    [...talkVector.entries()]
      .filter(([term]) => (idf.get(term) ?? 0) > 1.2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Math.max(10, Math.round(talkVector.size * 0.08)))
      .map(([term]) => term),
  );
  const sorted = levels ? [...levels.levels].sort((a, b) => a - b) : [];
  return {
    sentences,
    vectors,
    idf,
    salient,
    levels: levels ? { ...levels, median: sorted[Math.floor(sorted.length / 2)] ?? 0 } : undefined,
    heatmap,
    band,
  };
}

function centroid(context: TalkContext, from: number, to: number): Vector {
  return addVectors(context.vectors.slice(Math.max(0, from), Math.max(0, to + 1)));
}

/** Cohesion inside the segment, and a topic change at its edges rather than in its middle. */
export function topicCoherence(context: TalkContext, first: number, last: number): number {
  const inside = centroid(context, first, last);
  const members = context.vectors.slice(first, last + 1).filter((vector) => vector.size > 0);
  const cohesion = members.length
    ? members.reduce((sum, vector) => sum + cosine(vector, inside), 0) / members.length
    : 0;
  const span = 3;
  const before =
    first > 0
      ? cosine(centroid(context, first - span, first - 1), centroid(context, first, first + span - 1))
      : 0;
  const after =
    last < context.sentences.length - 1
      ? cosine(centroid(context, last - span + 1, last), centroid(context, last + 1, last + span))
      : 0;
  const edges = 1 - Math.max(before, after);
  return clamp01(cohesion * 1.4 * 0.6 + edges * 0.4);
}

function levelsOf(context: TalkContext, start: number, end: number): number[] {
  if (!context.levels) return [];
  const { levels, stepSeconds } = context.levels;
  return levels
    .slice(Math.floor(start / stepSeconds), Math.ceil(end / stepSeconds))
    .filter((level) => level > 0.003);
}

export function segmentKeywords(context: TalkContext, first: number, last: number, count = 5): string[] {
  return (
    [...centroid(context, first, last).entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([term]) => term)
      // past-tense verbs ("changed") make poor topics and hashtags
      .filter((term) => term.length > 3 && !/[^e]ed$/.test(term))
      .slice(0, count)
  );
}

export function scoreCandidate(context: TalkContext, candidate: Candidate): ScoredCandidate {
  const sentences = context.sentences.slice(candidate.first, candidate.last + 1);
  const texts = sentences.map((sentence) => sentence.text);
  const body = texts.join(' ');
  const wordCount = sentences.reduce((sum, sentence) => sum + sentence.words.length, 0);
  const heat = heatmapScore(context.heatmap, candidate.start, candidate.end);
  const features: FeatureScores = {
    hook: hookStrength(texts[0]),
    selfContained: selfContainedness(texts[0], texts[texts.length - 1], body),
    coherence: topicCoherence(context, candidate.first, candidate.last),
    keywords: keywordDensity(body, context.salient),
    specificity: specificity(texts),
    fullness: fullness(candidate.end - candidate.start, context.band),
    energy: energyScore(levelsOf(context, candidate.start, candidate.end), context.levels?.median ?? 0),
    laughter: laughterScore(body),
    pace: speechRateScore(wordCount, candidate.end - candidate.start),
    ...(heat === undefined ? {} : { heatmap: heat }),
    filler: fillerRatio(texts),
    sponsor: sponsorRatio(texts),
  };
  let weighted = 0;
  let total = 0;
  for (const [name, weight] of Object.entries(WEIGHTS) as [keyof typeof WEIGHTS, number][]) {
    const value = features[name];
    if (value === undefined) continue;
    weighted += value * weight;
    total += weight;
  }
  const base = weighted / total;
  const penalty =
    (1 - 0.9 * Math.min(1, features.filler * 2)) * (1 - 0.9 * Math.min(1, features.sponsor * 2));
  return {
    ...candidate,
    score: base * penalty,
    features,
    keywords: segmentKeywords(context, candidate.first, candidate.last),
  };
}

/** 0–100, so that a strong clip lands around 70–90 and filler under 30. */
export function viralScore(score: number): number {
  return Math.round(100 * clamp01(score * 1.3));
}
