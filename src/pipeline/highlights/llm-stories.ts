import { z } from 'zod';
import { chatJson, jsonSchemaFormat, type ChatConfig, type ChatMessage } from '../../engines/llm/chat.ts';
import type { Logger } from '../../domain/logger.ts';
import type { Sentence } from '../../domain/transcript.ts';
import { MAX_TITLE_CHARS, shortenAtPhrase } from './metadata.ts';

// Stories first, chosen by a language model: one pass finds the stories in the talk and, inside each, the span that
// opens on its hook and runs through its payoff; a second, short pass reviews each span's first and last sentences
// and may move either edge by one sentence. Every answer is checked against the transcript and the caller's `fits`;
// anything wrong drops one entry, or (when nothing usable is left, or the endpoint fails) the whole plan, so the
// caller's local scorer takes over.
//
// Sentence indexes are positions in `input.sentences`. The relations a plan must keep:
//   0 <= start <= hook <= payoff <= end < sentences.length, and fits(start, end).
// The short may open before its hook (e.g. on the host's question that sets it up) but never after it, and may run
// past its payoff but never stop before it. The story's own bounds are only a frame: a model that draws them too
// tight is not punished for it, the story is widened to cover the short (story.first <= start, end <= story.last).

export interface LlmRubric {
  hook: number;
  value: number;
  selfContained: number;
  emotion: number;
  shareability: number;
}

export interface LlmShortPlan {
  /** sentence indexes of the whole story */
  story: { first: number; last: number };
  /** sentence index the short opens on (the story's hook, or the line that sets it up) */
  start: number;
  /** sentence index the short ends on (through the payoff, a complete sentence) */
  end: number;
  hook: number;
  payoff: number;
  /** each 0..10 */
  rubric: LlmRubric;
  /** 0..1, from the rubric (see `rubricScore`) */
  score: number;
  /** at most 60 characters, no ellipsis */
  title: string;
  description?: string;
}

export interface LlmStoriesInput {
  sentences: readonly Sentence[];
  /** true when a short from sentence `start` through sentence `end` lies inside the window and the length band */
  fits: (start: number, end: number) => boolean;
  maxShorts: number;
  /** the length band in seconds; when given, the prompt asks for it and each line carries its start time */
  targetSeconds?: { min: number; max: number };
}

const DESCRIPTION_MAX_CHARS = 300;

// ---------------------------------------------------------------------------------------------------------------
// Schemas: one zod schema per answer; the JSON Schema sent as `response_format` is made from the same zod schema.

const SentenceIndex = z.number().int().min(0);
const RubricScore = z.number().min(0).max(10);

export const StoryAnswer = z.object({
  storyFirst: SentenceIndex.describe('index of the first sentence of the whole story'),
  storyLast: SentenceIndex.describe('index of the last sentence of the whole story'),
  hook: SentenceIndex.describe("index of the story's strongest, most gripping line"),
  payoff: SentenceIndex.describe('index of the sentence that delivers the payoff: answer, punchline, lesson'),
  start: SentenceIndex.describe('index of the sentence the short opens on'),
  end: SentenceIndex.describe(
    'index of the sentence the short ends on (a complete sentence, at or after the payoff)',
  ),
  rubric: z.object({
    hook: RubricScore.describe('0-10: does the first line grab a scrolling viewer'),
    value: RubricScore.describe('0-10: insight, usefulness or entertainment'),
    selfContained: RubricScore.describe('0-10: understandable without the rest of the video'),
    emotion: RubricScore.describe('0-10: emotional pull'),
    shareability: RubricScore.describe('0-10: would people send it to a friend'),
  }),
  title: z.string().describe("at most 60 characters, in the hook's own words, no ellipsis"),
  description: z.string().describe('one or two sentences for social media'),
});
export type StoryAnswer = z.infer<typeof StoryAnswer>;

/** The first pass's answer as sent to the model; entries are validated one by one with `StoryAnswer`. */
export const StoriesAnswer = z.object({ stories: z.array(StoryAnswer) });
const StoriesEnvelope = z.object({ stories: z.array(z.unknown()) });

const Shift = z.number().int().min(-1).max(1);
export const ReviewAnswer = z.object({
  shorts: z.array(
    z.object({
      id: z.string().describe('the id of the short under review'),
      startShift: Shift.describe('-1: open one sentence earlier, 0: keep, 1: open one sentence later'),
      endShift: Shift.describe('-1: end one sentence earlier, 0: keep, 1: end one sentence later'),
    }),
  ),
});
export type ReviewAnswer = z.infer<typeof ReviewAnswer>;

/**
 * A JSON Schema for OpenAI's strict structured outputs, from a zod schema: every property required, no extra
 * properties (zod's defaults), without the `$schema` tag and the ±2^53 bounds zod puts on every integer.
 */
export function strictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$schema') continue;
      if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) {
        continue;
      }
      out[key] = strip(value);
    }
    return out;
  };
  return strip(z.toJSONSchema(schema)) as Record<string, unknown>;
}

export const STORIES_FORMAT = jsonSchemaFormat('short_stories', strictJsonSchema(StoriesAnswer));
export const REVIEW_FORMAT = jsonSchemaFormat('short_edges', strictJsonSchema(ReviewAnswer));

// ---------------------------------------------------------------------------------------------------------------
// Prompts

export const STORIES_SYSTEM_PROMPT = [
  'You are an expert short-form video editor. You turn a long talk, interview or podcast into vertical shorts.',
  'The transcript comes one sentence per line, each with its index in square brackets.',
  'First find the stories in the talk: a story is a self-contained stretch with a setup, a hook and a payoff',
  '(an anecdote, an argument, an answer, a joke, a surprising fact and what it means).',
  'Intros, cold opens (teasers that repeat a line told later in the video), housekeeping, sponsor reads,',
  'calls to subscribe and outros are not stories: leave them out.',
  'For each story choose one short, exactly one per story, and give sentence indexes only from the transcript:',
  "- hook: the story's strongest, most gripping line. It is often not the story's first sentence.",
  "  A host's or interviewer's question can be the hook when it makes the viewer want the answer.",
  '- start: the sentence the short opens on. Open on the hook itself, or at most on the one line that sets it up;',
  '  skip lead-ins and warm-ups such as "so let me start with", "that\'s a great question", "yeah, so".',
  '- payoff: the sentence that delivers on the hook: the answer, the punchline, the lesson, the reveal.',
  '- end: the sentence the short ends on. Run through the payoff and end on a complete sentence that lands;',
  '  never stop mid-thought, never trail into the next topic.',
  '- storyFirst and storyLast: the first and last sentence of the whole story.',
  'Score each short 0-10 on hook (grabs a scrolling viewer in the first seconds), value (insight, usefulness or',
  'entertainment), selfContained (makes sense without the rest of the video), emotion and shareability.',
  'Be a strict judge: most shorts are not a 10.',
  "title: at most 60 characters, built from the hook's own words, no ellipsis, no hashtags, no quotes around it.",
  'description: one or two sentences for social media that make people want to watch.',
  'Shorts must not overlap each other. List the best first.',
].join('\n');

export const REVIEW_SYSTEM_PROMPT = [
  'You check the edges of short video clips cut from a longer talk.',
  'For each short you see the sentence just before it, its first two sentences, its last two sentences and the',
  'sentence just after it, each with its index in square brackets.',
  'startShift: 1 when the first sentence is a lead-in or filler the short is better without, -1 when the sentence',
  'before is needed to understand the opening (e.g. the question being answered), otherwise 0.',
  'endShift: -1 when the last sentence trails off into something else, 1 when the sentence after completes the',
  'payoff or the thought, otherwise 0.',
  'Prefer 0: move an edge only when it clearly makes the short better. Answer for every short id.',
].join('\n');

function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return `${minutes}:${String(rest).padStart(2, '0')}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The transcript one sentence per line: `[12] text`, or `[12] 1:23 text` when the start time is wanted. */
export function transcriptLines(sentences: readonly Sentence[], withTimes = false): string {
  return sentences
    .map(
      (sentence, index) =>
        `[${index}] ${withTimes ? `${clock(sentence.start)} ` : ''}${oneLine(sentence.text)}`,
    )
    .join('\n');
}

/** How many stories to ask for: enough to choose from after validation drops some, bounded for long talks. */
export function storiesWanted(maxShorts: number): number {
  return Math.max(1, Math.min(20, Math.max(maxShorts + 2, maxShorts * 2)));
}

export function buildStoriesMessages(
  input: Pick<LlmStoriesInput, 'sentences' | 'maxShorts' | 'targetSeconds'>,
): ChatMessage[] {
  const timed = input.targetSeconds !== undefined;
  const ask = [
    `Find the stories in this transcript and plan one short for each, at most ${storiesWanted(input.maxShorts)},`,
    'best first.',
  ];
  if (input.targetSeconds) {
    const { min, max } = input.targetSeconds;
    ask.push(
      `Each short must last between ${Math.round(min)} and ${Math.round(max)} seconds;`,
      "every line gives the sentence's start time (minutes:seconds) after its index.",
    );
  }
  return [
    { role: 'system', content: STORIES_SYSTEM_PROMPT },
    {
      role: 'user',
      content: `${ask.join(' ')}\n\nTranscript (${input.sentences.length} sentences, indexes 0 to ${
        input.sentences.length - 1
      }):\n${transcriptLines(input.sentences, timed)}`,
    },
  ];
}

/** The review's view of one short: one sentence before, the first two, the last two, one after (no repeats). */
export function reviewExcerpt(
  sentences: readonly Sentence[],
  plan: Pick<LlmShortPlan, 'start' | 'end'>,
): string {
  const wanted = [plan.start - 1, plan.start, plan.start + 1, plan.end - 1, plan.end, plan.end + 1];
  const sorted = [...new Set(wanted)]
    .filter((index) => index >= 0 && index < sentences.length)
    .sort((a, b) => a - b);
  const lines: string[] = [];
  let previous: number | undefined;
  for (const index of sorted) {
    if (previous !== undefined && index > previous + 1) lines.push('  …');
    const role =
      index < plan.start
        ? 'before the short'
        : index > plan.end
          ? 'after the short'
          : index === plan.start
            ? 'first'
            : index === plan.end
              ? 'last'
              : 'in the short';
    lines.push(`  [${index}] (${role}) ${oneLine(sentences[index].text)}`);
    previous = index;
  }
  return lines.join('\n');
}

export function reviewId(position: number): string {
  return `s${position + 1}`;
}

export function buildReviewMessages(
  sentences: readonly Sentence[],
  plans: readonly LlmShortPlan[],
): ChatMessage[] {
  const blocks = plans.map(
    (plan, position) =>
      `Short ${reviewId(position)}: sentences ${plan.start} to ${plan.end}, hook [${plan.hook}], payoff [${
        plan.payoff
      }]\n${reviewExcerpt(sentences, plan)}`,
  );
  return [
    { role: 'system', content: REVIEW_SYSTEM_PROMPT },
    { role: 'user', content: `Review the edges of these shorts.\n\n${blocks.join('\n\n')}` },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** 0..1: the rubric weighted towards the hook and the value, as a short lives or dies in its first seconds. */
export function rubricScore(rubric: LlmRubric): number {
  const weighted =
    0.3 * rubric.hook +
    0.25 * rubric.value +
    0.2 * rubric.selfContained +
    0.1 * rubric.emotion +
    0.15 * rubric.shareability;
  return Math.round((weighted / 10) * 1000) / 1000;
}

const ELLIPSIS = /(?:\.{2,}|…)/g;
const EDGE_JUNK = /^[\s"'“”‘’«»\-–—:;,]+|[\s"'“”‘’«»\-–—:;,.]+$/g;

/**
 * A title of at most `max` characters without an ellipsis: cut at the last phrase boundary (`,;:—–` or a sentence
 * end) that keeps at least half of it, else at the last word boundary, else (one very long word) hard.
 */
export function trimTitle(raw: string, max = MAX_TITLE_CHARS): string {
  return shortenAtPhrase(oneLine(raw.replace(ELLIPSIS, ' ')).replace(EDGE_JUNK, ''), max).replace(
    EDGE_JUNK,
    '',
  );
}

function trimDescription(raw: string): string | undefined {
  const clean = oneLine(raw.replace(ELLIPSIS, ' '));
  if (!clean) return undefined;
  if (clean.length <= DESCRIPTION_MAX_CHARS) return clean;
  const head = clean.slice(0, DESCRIPTION_MAX_CHARS);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentenceEnd > DESCRIPTION_MAX_CHARS / 3) return head.slice(0, sentenceEnd + 1);
  // room for the full stop that ends the cut
  const space = head.lastIndexOf(' ', DESCRIPTION_MAX_CHARS - 1);
  return `${head.slice(0, space > 0 ? space : DESCRIPTION_MAX_CHARS - 1).replace(/[\s,;:]+$/, '')}.`;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Why a span breaks the plan's relations, or undefined when it keeps them (see the notes at the top). */
export function spanProblem(
  span: { start: number; end: number; hook: number; payoff: number },
  count: number,
  fits: (start: number, end: number) => boolean,
): string | undefined {
  const { start, end, hook, payoff } = span;
  for (const [name, value] of Object.entries({ start, end, hook, payoff })) {
    if (!Number.isInteger(value) || value < 0 || value >= count)
      return `${name} ${value} is not a sentence index`;
  }
  if (start > hook) return `start ${start} comes after the hook ${hook}`;
  if (hook > payoff) return `hook ${hook} comes after the payoff ${payoff}`;
  if (payoff > end) return `end ${end} comes before the payoff ${payoff}`;
  if (!fits(start, end)) return `sentences ${start} to ${end} do not fit the window and length band`;
  return undefined;
}

/** One story as a plan, or why not. */
export function storyToPlan(
  entry: unknown,
  sentences: readonly Sentence[],
  fits: (start: number, end: number) => boolean,
): LlmShortPlan | string {
  const parsed = StoryAnswer.safeParse(entry);
  if (!parsed.success) return `malformed entry (${parsed.error.issues[0]?.path.join('.') || 'entry'})`;
  const story = parsed.data;
  const problem = spanProblem(story, sentences.length, fits);
  if (problem) return problem;
  if (story.storyFirst > story.storyLast || story.storyLast >= sentences.length) {
    return `story ${story.storyFirst} to ${story.storyLast} is not a sentence range`;
  }
  const title = trimTitle(story.title) || trimTitle(sentences[story.hook].text);
  if (!title) return 'no title';
  const description = trimDescription(story.description);
  return {
    story: { first: Math.min(story.storyFirst, story.start), last: Math.max(story.storyLast, story.end) },
    start: story.start,
    end: story.end,
    hook: story.hook,
    payoff: story.payoff,
    rubric: { ...story.rubric },
    score: rubricScore(story.rubric),
    title,
    ...(description ? { description } : {}),
  };
}

export interface ParsedPlans {
  plans: LlmShortPlan[];
  /** one line per dropped entry */
  dropped: string[];
}

/**
 * The first pass's answer as plans, best first: each entry validated on its own, then kept greedily by score when
 * it overlaps no kept short, at most `maxShorts`. Throws when the answer is not JSON or has no `stories` array.
 */
export function parseStories(
  content: string,
  input: Pick<LlmStoriesInput, 'sentences' | 'fits' | 'maxShorts'>,
): ParsedPlans {
  const envelope = StoriesEnvelope.safeParse(JSON.parse(content));
  if (!envelope.success) throw new Error('the answer has no "stories" array');
  const dropped: string[] = [];
  const valid: Array<{ plan: LlmShortPlan; position: number }> = [];
  envelope.data.stories.forEach((entry, position) => {
    const plan = storyToPlan(entry, input.sentences, input.fits);
    if (typeof plan === 'string') dropped.push(`story ${position + 1}: ${plan}`);
    else valid.push({ plan, position });
  });
  // stable: among equal scores the model's own order (best first) stands
  const ranked = valid.sort((a, b) => b.plan.score - a.plan.score || a.position - b.position);
  const plans: LlmShortPlan[] = [];
  for (const { plan, position } of ranked) {
    if (plans.length >= Math.max(0, input.maxShorts)) {
      dropped.push(`story ${position + 1}: beyond the ${input.maxShorts} shorts wanted`);
    } else if (plans.some((kept) => overlaps(kept, plan))) {
      dropped.push(`story ${position + 1}: overlaps a better short`);
    } else {
      plans.push(plan);
    }
  }
  return { plans, dropped };
}

/** The review's answer: shifts by short id; unknown and repeated ids are ignored. Throws on a malformed answer. */
export function parseReview(content: string): Map<string, { startShift: number; endShift: number }> {
  const parsed = ReviewAnswer.safeParse(JSON.parse(content));
  if (!parsed.success) throw new Error('the review answer does not match its schema');
  const shifts = new Map<string, { startShift: number; endShift: number }>();
  for (const entry of parsed.data.shorts) {
    if (!shifts.has(entry.id))
      shifts.set(entry.id, { startShift: entry.startShift, endShift: entry.endShift });
  }
  return shifts;
}

/**
 * Plans with the review's shifts applied, in the same order. For each short the move of both edges is tried, then
 * of the start alone, then of the end alone; a move is taken only when the plan stays valid (`spanProblem`) and
 * overlaps no other short as already reviewed. The story widens to cover a short that grew past it.
 */
export function applyReview(
  plans: readonly LlmShortPlan[],
  shifts: ReadonlyMap<string, { startShift: number; endShift: number }>,
  count: number,
  fits: (start: number, end: number) => boolean,
): LlmShortPlan[] {
  const result = plans.map((plan) => ({ ...plan, story: { ...plan.story } }));
  result.forEach((plan, position) => {
    const shift = shifts.get(reviewId(position));
    if (!shift || (shift.startShift === 0 && shift.endShift === 0)) return;
    const tries = [
      { start: plan.start + shift.startShift, end: plan.end + shift.endShift },
      { start: plan.start + shift.startShift, end: plan.end },
      { start: plan.start, end: plan.end + shift.endShift },
    ];
    for (const span of tries) {
      if (span.start === plan.start && span.end === plan.end) continue;
      const candidate = { ...plan, ...span };
      if (spanProblem(candidate, count, fits)) continue;
      if (result.some((other, at) => at !== position && overlaps(other, candidate))) continue;
      plan.start = span.start;
      plan.end = span.end;
      plan.story = {
        first: Math.min(plan.story.first, span.start),
        last: Math.max(plan.story.last, span.end),
      };
      return;
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The two passes

/**
 * Shorts planned by a language model, best first, or undefined (with one warning) when the endpoint fails, its
 * answer is unusable or nothing in it survives validation, so the caller uses its local scorer. A failed review
 * pass keeps the first pass's plans. An abort of `signal` rejects. `timeoutMs` (default 60 s) bounds each pass.
 * Without sentences, or with `maxShorts` < 1, there is nothing to ask: undefined, and no request is made.
 */
export async function planShortsWithLlm(
  config: ChatConfig,
  input: LlmStoriesInput,
  log: Logger,
  signal: AbortSignal,
  options: { timeoutMs?: number } = {},
): Promise<LlmShortPlan[] | undefined> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (input.sentences.length === 0 || input.maxShorts < 1) return undefined;
  let plans: LlmShortPlan[];
  try {
    const content = await chatJson(config, buildStoriesMessages(input), {
      signal,
      timeoutMs,
      responseFormat: STORIES_FORMAT,
    });
    const parsed = parseStories(content, input);
    if (parsed.plans.length === 0) {
      const why = parsed.dropped.length ? `: ${parsed.dropped.slice(0, 3).join('; ')}` : '';
      throw new Error(`no valid story in the answer${why}`);
    }
    plans = parsed.plans;
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`LLM story planning unavailable (${reason(error)}); using the local scorer`);
    return undefined;
  }
  try {
    const content = await chatJson(config, buildReviewMessages(input.sentences, plans), {
      signal,
      timeoutMs,
      responseFormat: REVIEW_FORMAT,
    });
    return applyReview(plans, parseReview(content), input.sentences.length, input.fits);
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn(`LLM review of short edges failed (${reason(error)}); keeping the first-pass plans`);
    return plans;
  }
}

function reason(error: unknown): string {
  if (error instanceof SyntaxError) return 'the answer is not valid JSON';
  return error instanceof Error ? error.message : String(error);
}
