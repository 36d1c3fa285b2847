import type { SpokenCue } from '../../engines/transcription/keyword-spotting.ts';
import { PipelineError } from '../../errors.ts';
import type { VoiceAnalysis } from '../structure/voice.ts';
import {
  LENGTH_BANDS,
  type Highlight,
  type Logger,
  type PreferredLength,
  type Transcript,
} from '../types.ts';
import { enumerateCandidates, selectNonOverlapping, targetShortCount, type Candidate } from './candidates.ts';
import { buildTalkContext, type TalkContext } from './context.ts';
import { candidateText, rankWithLlm } from './llm-ranker.ts';
import {
  clock,
  fallbackTitle,
  makeDescription,
  makeReason,
  makeTitle,
  QUOTABLE_CONFIDENCE,
} from './metadata.ts';
import { isUnwanted, scoreCandidate, viralScore, type ScoredCandidate } from './score.ts';

export { targetShortCount } from './candidates.ts';

export interface HighlightRequest {
  transcript: Transcript;
  windowDuration: number;
  preferredLength: PreferredLength;
  noClipping: boolean;
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

const LLM_CANDIDATES = 20;
/** Shorts scoring under this (viral score) are filler: fewer shorts rather than weak ones. */
export const MIN_VIRAL_SCORE = 30;
/** A short starts and ends only at sentence boundaries at least this sure. */
const MIN_CUT_STRENGTH = 0.6;

/** `offset`: where the window starts in the source, for titles that say where a moment is. */
function toHighlight(context: TalkContext, scored: ScoredCandidate, offset: number): Highlight {
  const sentences = context.sentences.slice(scored.first, scored.last + 1);
  const quotable = scored.features.confidence >= QUOTABLE_CONFIDENCE;
  const words = sentences.flatMap((sentence) => sentence.words);
  return {
    start: scored.start,
    end: scored.end,
    sentenceIndexes: sentences.map((sentence) => sentence.index),
    title: quotable
      ? makeTitle(sentences, scored.features.hook >= 0.5, scored.keywords)
      : fallbackTitle(words, offset + scored.start, offset + scored.end),
    description: makeDescription(
      sentences,
      scored.keywords,
      quotable ? undefined : { start: offset + scored.start, end: offset + scored.end },
    ),
    reason: makeReason(scored.features, scored.keywords),
    viralScore: viralScore(scored.score),
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
 * The shorts worth offering, best first: no housekeeping, sponsor reads or outros, none under the score floor,
 * at most `count`; at least the best one, whatever it is, so a request always yields a short.
 */
export function offer<T extends ScoredCandidate>(scored: readonly T[], count: number): T[] {
  const wanted = scored.filter((c) => !isUnwanted(c.features) && viralScore(c.score) >= MIN_VIRAL_SCORE);
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
  const candidates = enumerateCandidates(context, band).filter((candidate) =>
    cutsAllowed(context, candidate),
  );
  if (candidates.length === 0) {
    // no run of sentences fits the band (e.g. one very long sentence): the whole window is the one short
    return [toHighlight(context, scoreCandidate(context, spoken), offset)];
  }
  const scored = candidates.map((candidate) => scoreCandidate(context, candidate));
  const count = targetShortCount(req.windowDuration);

  if (req.llm) {
    const pool = selectNonOverlapping(scored, LLM_CANDIDATES, 10);
    const verdicts = await rankWithLlm(
      req.llm,
      pool.map((candidate, index) => ({
        id: `c${index + 1}`,
        start: Math.round(candidate.start * 10) / 10,
        end: Math.round(candidate.end * 10) / 10,
        text: candidateText(sentences, candidate.first, candidate.last),
      })),
      req.log,
      req.signal,
    );
    if (verdicts) {
      const byId = new Map(verdicts.map((verdict) => [verdict.id, verdict]));
      const blended = pool.map((candidate, index) => {
        const verdict = byId.get(`c${index + 1}`);
        return {
          ...candidate,
          verdict,
          score: verdict ? 0.4 * candidate.score + 0.6 * (verdict.score / 100) : candidate.score,
        };
      });
      return offer(blended, count).map((candidate) => {
        const highlight = toHighlight(context, candidate, offset);
        const verdict = candidate.verdict;
        return verdict
          ? {
              ...highlight,
              title: verdict.title.slice(0, 70),
              description: verdict.description,
              reason: verdict.reason,
            }
          : highlight;
      });
    }
  }
  return offer(scored, count).map((candidate) => toHighlight(context, candidate, offset));
}
