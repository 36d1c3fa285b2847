import type { SpokenCue } from '../../engines/transcription/keyword-spotting.ts';
import { PipelineError } from '../../domain/errors.ts';
import type { VoiceAnalysis } from '../structure/voice.ts';
import { LENGTH_BANDS, type PreferredLength } from '../../domain/options.ts';
import type { Highlight } from '../../domain/shorts.ts';
import type { Logger } from '../../domain/logger.ts';
import type { Sentence, Transcript } from '../../domain/transcript.ts';
import { enumerateCandidates, maxShortCount, selectNonOverlapping, type Candidate } from './candidates.ts';
import { buildTalkContext, type TalkContext } from './context.ts';
import { hookScore } from './hooks.ts';
import { planShortsWithLlm, type LlmShortPlan } from './llm-stories.ts';
import {
  clock,
  fallbackTitle,
  hashtags,
  makeDescription,
  makeReason,
  makeTitle,
  QUOTABLE_CONFIDENCE,
  titleFromLine,
} from './metadata.ts';
import { isFlat, isUnwanted, penaltyOf, scoreCandidate, viralScore, type ScoredCandidate } from './score.ts';
import { bestSpanOf, storiesOf, withoutRetellings } from './stories.ts';

export { maxShortCount } from './candidates.ts';

export interface HighlightRequest {
  transcript: Transcript;
  windowDuration: number;
  preferredLength: PreferredLength;
  noClipping: boolean;
  /** at most this many shorts, fewer than the window would get otherwise (a demo account's limit) */
  maxShorts?: number;
  /** the window's voice activity and loudness; without it the words' own timing stands in */
  voice?: VoiceAnalysis;
  /** looks for scene cuts in stretches of the window (seconds from its start), to tell topic edges */
  sceneCutsIn?: (stretches: { start: number; end: number }[]) => Promise<number[]>;
  heatmap?: { start: number; end: number; value: number }[];
  /** where the window starts in the source (seconds), for titles that say where a moment is */
  windowStart?: number;
  language: string;
  signal: AbortSignal;
  log: Logger;
  llm?: { baseUrl: string; apiKey?: string; model: string };
  /**
   * Cue phrases (sponsor reads, housekeeping, outros) heard in the window's audio by keyword spotting, seconds
   * from the window's start; given when the transcript's words are too unreliable to find them in the text.
   * `sentenceCuesFromSpotting` (structure/cues.ts) maps them to sentences.
   */
  spokenCues?: SpokenCue[];
}

/** Shorts scoring under this (viral score) are filler: fewer shorts rather than weak ones. */
export const MIN_VIRAL_SCORE = 30;
/** A short starts and ends only at sentence boundaries at least this sure. */
const MIN_CUT_STRENGTH = 0.6;

/** A short as offered: the sentence it opens on (its hook) and the one that carries its payoff. */
type Chosen = ScoredCandidate & { hook?: number; payoff?: number };

/** The line that titles a short: its opening, unless one of its next lines hooks far better. */
function titleLine(sentences: readonly Sentence[]): Sentence {
  const scores = sentences.slice(0, 3).map((sentence) => hookScore(sentence.text));
  const best = scores.reduce((b, value, i) => (value > scores[b] + 0.25 ? i : b), 0);
  return sentences[best];
}

/** `offset`: where the window starts in the source, for titles that say where a moment is. */
function toHighlight(context: TalkContext, chosen: Chosen, offset: number): Highlight {
  const sentences = context.sentences.slice(chosen.first, chosen.last + 1);
  const quotable = chosen.features.confidence >= QUOTABLE_CONFIDENCE;
  const words = sentences.flatMap((sentence) => sentence.words);
  const payoff = (chosen.payoff ?? chosen.last) - chosen.first;
  return {
    start: chosen.start,
    end: chosen.end,
    sentenceIndexes: sentences.map((sentence) => sentence.index),
    title: quotable
      ? makeTitle(titleLine(sentences))
      : fallbackTitle(words, offset + chosen.start, offset + chosen.end),
    description: makeDescription(
      sentences,
      chosen.keywords,
      quotable ? undefined : { start: offset + chosen.start, end: offset + chosen.end },
      payoff,
    ),
    reason: makeReason(chosen.features, chosen.keywords),
    viralScore: viralScore(chosen.score),
  };
}

/** The whole window as one short, when there is no choosing to do. */
function wholeWindow(context: TalkContext): Candidate {
  const last = context.sentences.length - 1;
  return { first: 0, last, start: context.cutStarts[0], end: context.cutEnds[last] };
}

/** The whole window when nothing was said in it: no sentences, so no captions. */
function silentWindow(windowDuration: number, offset: number): Highlight {
  return {
    start: 0,
    end: windowDuration,
    sentenceIndexes: [],
    title: `The full ${Math.round(windowDuration)}-second clip`,
    description: `The whole selected range, from ${clock(offset)} to ${clock(offset + windowDuration)}. #shorts`,
    reason:
      'The whole range was asked for as one short; no speech was recognised in it, so it has no captions.',
    viralScore: 0,
  };
}

/** The pauses worth looking at for a scene cut: the longest between sure sentence ends, one per ~40 s. */
export function longestPauses(
  boundaries: readonly { start: number; end: number; strength: number }[],
  windowDuration: number,
): { start: number; end: number }[] {
  const count = Math.max(2, Math.min(16, Math.round(windowDuration / 40)));
  return boundaries
    .filter((boundary) => boundary.strength >= MIN_CUT_STRENGTH)
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, count)
    .map((boundary) => ({ start: Math.max(0, boundary.start - 0.1), end: boundary.end + 0.1 }))
    .sort((a, b) => a.start - b.start);
}

function cutsAllowed(context: TalkContext, candidate: Candidate): boolean {
  const before =
    candidate.first === 0 || context.boundaries[candidate.first - 1].strength >= MIN_CUT_STRENGTH;
  const after =
    candidate.last === context.sentences.length - 1 ||
    context.boundaries[candidate.last].strength >= MIN_CUT_STRENGTH;
  return before && after;
}

/**
 * The shorts worth offering, best first: no housekeeping, sponsor reads or outros, no passage that says nothing
 * in particular, none under the score floor, at most `count`; at least the best one, whatever it is, so a
 * request always yields a short.
 */
export function offer<T extends ScoredCandidate>(scored: readonly T[], count: number): T[] {
  const wanted = scored.filter(
    (c) => !isUnwanted(c.features) && !isFlat(c.features) && viralScore(c.score) >= MIN_VIRAL_SCORE,
  );
  const chosen = selectNonOverlapping(wanted, count);
  return chosen.length ? chosen : selectNonOverlapping(scored, 1);
}

/** Ranked highlights, best first: whole sentences cut at speech edges, inside the length band. */
export async function findHighlights(req: HighlightRequest): Promise<Highlight[]> {
  const { sentences } = req.transcript;
  // a transcript checkpointed before boundaries were kept: every sentence edge counts as sure
  const boundaries =
    req.transcript.boundaries ??
    sentences.slice(1).map((sentence, i) => ({ start: sentences[i].end, end: sentence.start, strength: 1 }));
  if (sentences.length === 0) {
    if (req.noClipping) return [silentWindow(req.windowDuration, req.windowStart ?? 0)];
    throw new PipelineError('No speech was found in the selected window');
  }
  const band = LENGTH_BANDS[req.preferredLength];
  const offset = req.windowStart ?? 0;
  const input = {
    sentences,
    boundaries,
    windowDuration: req.windowDuration,
    voice: req.voice,
    heatmap: req.heatmap,
    band,
    spokenCues: req.spokenCues,
  };
  const looked = longestPauses(boundaries, req.windowDuration);
  const scenes = req.sceneCutsIn ? { looked, cuts: await req.sceneCutsIn(looked) } : undefined;
  const context = buildTalkContext({ ...input, scenes });
  const spoken = wholeWindow(context);
  if (req.noClipping)
    return [
      { ...toHighlight(context, scoreCandidate(context, spoken), offset), start: 0, end: req.windowDuration },
    ];
  if (spoken.end - spoken.start < band.min)
    return [toHighlight(context, scoreCandidate(context, spoken), offset)];
  const allowed = (candidate: Candidate) => cutsAllowed(context, candidate);
  const count = Math.min(maxShortCount(req.windowDuration), req.maxShorts ?? Number.POSITIVE_INFINITY);
  if (req.llm) {
    const planned = await llmShorts(req.llm, context, allowed, count, req.log, req.signal);
    if (planned) return planned.map((chosen) => fromPlan(toHighlight(context, chosen, offset), chosen));
  }
  const stories = storiesOf(context, band);
  const spans = stories.flatMap((story, index) => {
    if (story.teaser || story.junk || story.aside) return [];
    const best = bestSpanOf(context, stories, index, context.confidence, req.windowDuration, allowed);
    return best ? [best] : [];
  });
  if (spans.length > 0) {
    return offer(withoutRetellings(context, spans), count).map((chosen) =>
      toHighlight(context, chosen, offset),
    );
  }
  // no story holds a span inside the band: runs of whole sentences anywhere in the window
  const candidates = enumerateCandidates(context, band).filter(allowed);
  if (candidates.length === 0) {
    // no run of sentences fits the band (e.g. one very long sentence): the whole window is the one short
    return [toHighlight(context, scoreCandidate(context, spoken), offset)];
  }
  const scored = candidates.map((candidate) => scoreCandidate(context, candidate));
  return offer(scored, count).map((candidate) => toHighlight(context, candidate, offset));
}

type Planned = Chosen & { plan: LlmShortPlan };

/** A language model's stories, each scored locally too; undefined when its answer cannot be used. */
async function llmShorts(
  config: NonNullable<HighlightRequest['llm']>,
  context: TalkContext,
  allowed: (candidate: Candidate) => boolean,
  count: number,
  log: Logger,
  signal: AbortSignal,
): Promise<Planned[] | undefined> {
  const { band, cutStarts, cutEnds } = context;
  const candidate = (first: number, last: number) => ({
    first,
    last,
    start: cutStarts[first],
    end: cutEnds[last],
  });
  const fits = (first: number, last: number) => {
    const span = candidate(first, last);
    const seconds = span.end - span.start;
    return seconds >= band.min && seconds <= band.max && allowed(span);
  };
  const plans = await planShortsWithLlm(
    config,
    { sentences: context.sentences, fits, maxShorts: count, targetSeconds: band },
    log,
    signal,
  );
  if (!plans) return undefined;
  const planned = plans.map((plan) => {
    const scored = scoreCandidate(context, candidate(plan.start, plan.end));
    const score = (0.6 * plan.score + 0.4 * scored.quality) * penaltyOf(scored.features);
    return { ...scored, score, hook: plan.hook, payoff: plan.payoff, plan };
  });
  return offer(planned, count);
}

/** A highlight with the language model's title and description, kept to the local rules for both. */
function fromPlan(highlight: Highlight, chosen: Planned): Highlight {
  const { plan } = chosen;
  const tags = hashtags(chosen.keywords);
  const description = plan.description
    ? `${plan.description}${/#\p{L}/u.test(plan.description) ? '' : ` ${[...tags, '#shorts'].join(' ')}`}`
    : highlight.description;
  const { hook, value, selfContained } = plan.rubric;
  return {
    ...highlight,
    title: titleFromLine(plan.title),
    description,
    reason: `${highlight.reason} A language model rated its hook ${hook}/10, its value ${value}/10 and how well it stands alone ${selfContained}/10.`,
  };
}
