import { levelsBetween } from '../structure/acoustics.ts';
import { transcriptConfidence } from '../structure/confidence.ts';
import type { CueKind } from '../../domain/cues.ts';
import type { Candidate } from './candidates.ts';
import type { TalkContext } from './context.ts';
import {
  clamp01,
  energyScore,
  fluencyScore,
  flatness,
  fullness,
  heatmapScore,
  hesitationRatio,
  hookStrength,
  keywordDensity,
  laughterScore,
  selfContainedness,
  speechRateScore,
  specificity,
} from './features.ts';
import { addVectors, contentTokens, cosine, GENERIC_WORDS } from './text.ts';

// The local scorer. Two views of a candidate, blended by how far its words can be trusted: what it says (hook,
// self-containedness, topic, specifics) and how it sits in the talk and sounds (a whole section or its opening,
// clean cut points, fluent and lively delivery). Straddling a topic edge and housekeeping, sponsor or outro
// cues push it down.

export interface FeatureScores {
  hook: number;
  selfContained: number;
  coherence: number;
  keywords: number;
  specificity: number;
  pace: number;
  laughter: number;
  position: number;
  sectionLength: number;
  cutQuality: number;
  fluency: number;
  energy: number;
  fullness: number;
  heatmap?: number;
  /** 0..1 strength of the topic edges it straddles */
  straddle: number;
  /** share of it that sounds like housekeeping, a sponsor read or an outro */
  housekeeping: number;
  sponsor: number;
  outro: number;
  intro: number;
  /** share of its lines that hedge or lean on what was said before */
  vague: number;
  /** numbers and names it states, per line */
  specifics: number;
  /** 0..1 trust in its words */
  confidence: number;
}

export interface ScoredCandidate extends Candidate {
  score: number;
  /** the score before the penalties for straddling a topic edge or holding unwanted passages */
  quality: number;
  features: FeatureScores;
  keywords: string[];
}

type Weights = Partial<Record<keyof FeatureScores, number>>;

export const TEXT_WEIGHTS: Weights = {
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
};

export const STRUCTURE_WEIGHTS: Weights = {
  position: 0.22,
  sectionLength: 0.18,
  cutQuality: 0.1,
  fluency: 0.16,
  energy: 0.08,
  fullness: 0.14,
  heatmap: 0.1,
};

/** A short that is mostly of these kinds is never offered. */
export const UNWANTED_SHARE = 0.3;

function weightedMean(features: FeatureScores, weights: Weights): number {
  let weighted = 0;
  let total = 0;
  for (const [name, weight] of Object.entries(weights) as [keyof FeatureScores, number][]) {
    const value = features[name];
    if (value === undefined) continue;
    weighted += value * weight;
    total += weight;
  }
  return total ? weighted / total : 0;
}

function centroid(context: TalkContext, from: number, to: number) {
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

/** A content word that could name a topic: long enough, not generic, not an adverb or a past-tense verb. */
function topicWord(token: string): boolean {
  return token.length > 3 && !GENERIC_WORDS.has(token) && !/(ly|[^e]ed)$/.test(token);
}

/**
 * The terms that name what a passage is about: content words it uses repeatedly (a plural counted with its
 * singular) or opens with, weighted by how particular they are to it within the talk; no generic words.
 */
export function segmentKeywords(context: TalkContext, first: number, last: number, count = 5): string[] {
  const tally = new Map<string, number>();
  const sentences = context.sentences.slice(first, last + 1);
  for (const sentence of sentences) {
    for (const token of contentTokens(sentence.text)) {
      if (topicWord(token)) tally.set(token, (tally.get(token) ?? 0) + 1);
    }
  }
  for (const [token, times] of [...tally]) {
    const singular = token.replace(/(?<=[^s])s$/, '');
    if (singular !== token && tally.has(singular)) {
      tally.set(singular, (tally.get(singular) ?? 0) + times);
      tally.delete(token);
    }
  }
  const opening = new Set(contentTokens(sentences[0]?.text ?? ''));
  const weight = (token: string, times: number) =>
    (times >= 2 ? 2 : 0) + (opening.has(token) ? 1.5 : 0) + times * (context.idf.get(token) ?? 1) * 0.3;
  // ties keep the order the words were first said in
  return [...tally.entries()]
    .sort((a, b) => weight(b[0], b[1]) - weight(a[0], a[1]))
    .slice(0, count)
    .map(([token]) => token);
}

/**
 * The strongest topic edge inside the candidate, less where its words clearly carry on across it (the same
 * vocabulary on both sides, as far as the words are trusted).
 */
export function straddledEdge(context: TalkContext, first: number, last: number): number {
  let worst = 0;
  for (let edge = first; edge < last; edge++) {
    const continuation = cosine(centroid(context, edge - 1, edge), centroid(context, edge + 1, edge + 2));
    worst = Math.max(worst, context.edges[edge] * (1 - clamp01(continuation * 2) * context.confidence));
  }
  return worst;
}

/** Starting a section (its opening usually states the topic) and finishing it both count. */
export function sectionPosition(context: TalkContext, first: number, last: number): number {
  const section = context.sections[context.sectionOf[first]];
  const endSection = context.sections[context.sectionOf[last]];
  if (!section || !endSection) return 0.5;
  const opening = first === section.first ? 1 : first === section.first + 1 ? 0.4 : 0.1;
  const closing = last === endSection.last ? 1 : 0.3;
  return 0.65 * opening + 0.35 * closing;
}

/** Sections long enough to hold a whole story in this band score higher than brief asides. */
export function sectionLengthScore(seconds: number, band: { min: number; max: number }): number {
  return fullness(seconds, band);
}

/** Share of the candidate's sentences of each cue kind: the sentence's own cue, or its section's kind. */
function cueShares(context: TalkContext, first: number, last: number): Record<CueKind, number> {
  const shares: Record<CueKind, number> = { housekeeping: 0, sponsor: 0, outro: 0, intro: 0 };
  const count = last - first + 1;
  for (let i = first; i <= last; i++) {
    const sectionKind = context.sectionKinds[context.sectionOf[i]];
    const cue = context.cues[i];
    if (sectionKind) shares[sectionKind] += 1 / count;
    else if (cue) shares[cue.kind] += cue.strength / count;
  }
  return shares;
}

function cutQuality(context: TalkContext, first: number, last: number): number {
  const before = first > 0 ? context.boundaries[first - 1].strength : 1;
  const after = last < context.sentences.length - 1 ? context.boundaries[last].strength : 1;
  return Math.min(before, after);
}

function deliveryFeatures(context: TalkContext, candidate: Candidate) {
  const speech = context.speechRegions.filter((r) => r.end > candidate.start && r.start < candidate.end);
  const speaking = speech.reduce(
    (sum, r) => sum + Math.min(r.end, candidate.end) - Math.max(r.start, candidate.start),
    0,
  );
  const inner = context.innerPauses.filter(
    (p) => p.start >= candidate.start && p.end <= candidate.end,
  ).length;
  const envelope = context.envelope;
  const db = envelope ? speech.flatMap((r) => levelsBetween(envelope, r.start, r.end)) : [];
  return {
    fluency: speaking > 0 ? fluencyScore(inner / speaking, context.innerPauseRate) : 0.5,
    energy: energyScore(db, context.speechMedianDb),
  };
}

export function scoreCandidate(context: TalkContext, candidate: Candidate): ScoredCandidate {
  const { first, last } = candidate;
  const sentences = context.sentences.slice(first, last + 1);
  const texts = sentences.map((sentence) => sentence.text);
  const body = texts.join(' ');
  const words = sentences.flatMap((sentence) => sentence.words);
  const seconds = candidate.end - candidate.start;
  const heat = heatmapScore(context.heatmap, candidate.start, candidate.end);
  const section = context.sections[context.sectionOf[first]];
  const shares = cueShares(context, first, last);
  const features: FeatureScores = {
    hook: hookStrength(texts[0]),
    selfContained: selfContainedness(texts[0], texts[texts.length - 1], body),
    coherence: topicCoherence(context, first, last),
    keywords: keywordDensity(body, context.salient),
    specificity: specificity(texts),
    pace: speechRateScore(words.length, seconds),
    laughter: laughterScore(body),
    position: sectionPosition(context, first, last),
    sectionLength: section ? sectionLengthScore(section.end - section.start, context.band) : 0.5,
    cutQuality: cutQuality(context, first, last),
    ...deliveryFeatures(context, candidate),
    fullness: fullness(seconds, context.band),
    ...(heat === undefined ? {} : { heatmap: heat }),
    straddle: straddledEdge(context, first, last),
    housekeeping: clamp01(shares.housekeeping + hesitationRatio(texts)),
    sponsor: clamp01(shares.sponsor),
    outro: clamp01(shares.outro),
    intro: clamp01(shares.intro),
    ...flatness(context.lines.slice(first, last + 1)),
    confidence: transcriptConfidence(words),
  };
  const trust = Math.min(features.confidence, context.confidence + 0.1);
  const base =
    trust * weightedMean(features, TEXT_WEIGHTS) + (1 - trust) * weightedMean(features, STRUCTURE_WEIGHTS);
  // evidence from sound and structure alone makes a more modest claim than words that can be read
  const quality = base * (0.8 + 0.2 * trust);
  return {
    ...candidate,
    score: quality * penaltyOf(features),
    quality,
    features,
    keywords: segmentKeywords(context, first, last),
  };
}

function unwantedShare(features: FeatureScores): number {
  return Math.max(features.housekeeping, features.sponsor, features.outro, features.intro);
}

/** The factor a candidate's score keeps after straddling a topic edge and holding unwanted passages. */
export function penaltyOf(features: FeatureScores): number {
  return (1 - 0.6 * features.straddle) * (1 - 0.9 * Math.min(1, unwantedShare(features) * 2));
}

/** Words trusted this much can tell a passage that says nothing in particular. */
export const TRUSTED_WORDS = 0.6;
/** A passage that hedges in this share of its lines or more, */
const FLAT_VAGUE_SHARE = 0.75;
/** states fewer numbers and names than this per line */
const FLAT_SPECIFICS = 0.25;
/** and opens on no hook of this strength, */
const FLAT_HOOK = 0.3;

/**
 * Whether a candidate, as far as its words can be read, says nothing in particular: hedged and leaning on what
 * came before, with no hook, numbers or names. Such a passage is no short, however well it sits in the talk.
 */
export function isFlat(features: FeatureScores): boolean {
  return (
    features.confidence >= TRUSTED_WORDS &&
    features.vague >= FLAT_VAGUE_SHARE &&
    features.specifics < FLAT_SPECIFICS &&
    features.hook < FLAT_HOOK
  );
}

/** Whether a candidate is mostly an intro, housekeeping, a sponsor read or an outro. */
export function isUnwanted(features: FeatureScores): boolean {
  return unwantedShare(features) >= UNWANTED_SHARE;
}

/** 0–100, so that a strong clip lands around 70–90 and filler under 30. */
export function viralScore(score: number): number {
  return Math.round(100 * clamp01(score * 1.3));
}
