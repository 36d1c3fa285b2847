import { PipelineError } from '../../errors.ts';
import {
  LENGTH_BANDS,
  type Highlight,
  type Logger,
  type PreferredLength,
  type Transcript,
} from '../types.ts';
import { enumerateCandidates, selectNonOverlapping, targetShortCount, type Candidate } from './candidates.ts';
import { readLevels } from './energy.ts';
import { candidateText, rankWithLlm } from './llm-ranker.ts';
import { makeDescription, makeReason, makeTitle } from './metadata.ts';
import {
  buildTalkContext,
  scoreCandidate,
  viralScore,
  type ScoredCandidate,
  type TalkContext,
} from './score.ts';

export { targetShortCount } from './candidates.ts';

export interface HighlightRequest {
  transcript: Transcript;
  windowDuration: number;
  preferredLength: PreferredLength;
  noClipping: boolean;
  /** 16 kHz mono WAV of the window, for loudness */
  wavPath?: string;
  heatmap?: { start: number; end: number; value: number }[];
  language: string;
  signal: AbortSignal;
  log: Logger;
  llm?: { baseUrl: string; apiKey?: string; model: string };
}

const LLM_CANDIDATES = 20;

function toHighlight(context: TalkContext, scored: ScoredCandidate): Highlight {
  const sentences = context.sentences.slice(scored.first, scored.last + 1);
  return {
    start: scored.start,
    end: scored.end,
    sentenceIndexes: sentences.map((sentence) => sentence.index),
    title: makeTitle(sentences, scored.features.hook >= 0.5, scored.keywords),
    description: makeDescription(sentences, scored.keywords),
    reason: makeReason(scored.features, scored.keywords),
    viralScore: viralScore(scored.score),
  };
}

function wholeWindow(context: TalkContext): Candidate {
  const last = context.sentences.length - 1;
  return { first: 0, last, start: context.sentences[0].start, end: context.sentences[last].end };
}

/** Ranked highlights, best first: whole sentences, inside the length band, overlapping each other by ≤ 3 s. */
export async function findHighlights(req: HighlightRequest): Promise<Highlight[]> {
  const { sentences } = req.transcript;
  if (sentences.length === 0) throw new PipelineError('No speech was found in the selected window');
  const levels = req.wavPath ? await readLevels(req.wavPath).catch(() => undefined) : undefined;
  const band = LENGTH_BANDS[req.preferredLength];
  const context = buildTalkContext(sentences, levels, req.heatmap ?? [], band);
  const spoken = wholeWindow(context);

  if (req.noClipping || spoken.end - spoken.start < band.min) {
    return [toHighlight(context, scoreCandidate(context, spoken))];
  }
  const candidates = enumerateCandidates(sentences, band);
  if (candidates.length === 0) {
    // no run of sentences fits the band (e.g. one very long sentence): the whole window is the one short
    return [toHighlight(context, scoreCandidate(context, spoken))];
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
      return selectNonOverlapping(blended, count).map((candidate) => {
        const highlight = toHighlight(context, candidate);
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
  return selectNonOverlapping(scored, count).map((candidate) => toHighlight(context, candidate));
}
