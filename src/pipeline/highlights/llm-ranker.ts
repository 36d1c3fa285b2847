import { z } from 'zod';
import { chatJson, type ChatConfig } from '../../engines/llm/chat.ts';
import type { Logger, Sentence } from '../types.ts';

// Optional re-ranking by a language model. Its answer is validated strictly; anything wrong falls back to the
// local ranking, entry by entry or as a whole.

export interface LlmCandidate {
  id: string;
  start: number;
  end: number;
  text: string;
}

export interface LlmVerdict {
  id: string;
  score: number;
  title: string;
  description: string;
  reason: string;
}

const Verdict = z.object({
  id: z.string(),
  score: z.number().min(0).max(100),
  title: z.string().min(1).max(120),
  description: z.string().min(1).max(600),
  reason: z.string().min(1).max(400),
});

/** The valid verdicts for known candidate ids; malformed entries are dropped one by one. */
export function parseVerdicts(content: string, knownIds: ReadonlySet<string>): LlmVerdict[] {
  const body = JSON.parse(content) as { shorts?: unknown };
  if (!Array.isArray(body.shorts)) throw new Error('answer has no "shorts" array');
  const verdicts: LlmVerdict[] = [];
  for (const entry of body.shorts) {
    const parsed = Verdict.safeParse(entry);
    if (parsed.success && knownIds.has(parsed.data.id) && !verdicts.some((v) => v.id === parsed.data.id)) {
      verdicts.push(parsed.data);
    }
  }
  return verdicts;
}

export function candidateText(
  sentences: readonly Sentence[],
  first: number,
  last: number,
  maxChars = 1200,
): string {
  const text = sentences
    .slice(first, last + 1)
    .map((sentence) => sentence.text)
    .join(' ');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

const SYSTEM_PROMPT = [
  'You pick the best moments of a long video to post as vertical short clips.',
  'Judge each candidate by its hook, whether it stands on its own, clarity, emotion and shareability.',
  'Sponsor reads, housekeeping and filler are poor clips.',
  'Answer with JSON only: {"shorts":[{"id":string,"score":0-100,"title":string (max 70 chars),',
  '"description":string (1-2 sentences for social media ending with 3-5 hashtags),"reason":string (one sentence)}]}',
  'Include every candidate id exactly once.',
].join(' ');

export async function rankWithLlm(
  config: ChatConfig,
  candidates: readonly LlmCandidate[],
  log: Logger,
  signal: AbortSignal,
  timeoutMs = 60_000,
): Promise<LlmVerdict[] | undefined> {
  try {
    const content = await chatJson(
      config,
      [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: JSON.stringify({ candidates }) },
      ],
      { signal, timeoutMs },
    );
    const verdicts = parseVerdicts(content, new Set(candidates.map((candidate) => candidate.id)));
    if (verdicts.length === 0) throw new Error('no valid entries in the answer');
    return verdicts;
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`LLM ranking unavailable (${(error as Error).message}); using the local ranking`);
    return undefined;
  }
}
