import { announcesSponsor } from '../structure/cues.ts';
import type { CueKind } from '../../domain/cues.ts';
import type { Candidate } from './candidates.ts';
import type { TalkContext } from './context.ts';
import { hookScore, leadInScore, payoffScore } from './hooks.ts';
import { penaltyOf, scoreCandidate, TRUSTED_WORDS, type ScoredCandidate } from './score.ts';
import { addVectors, contentTokens, cosine, overlapShare, type Vector } from './text.ts';

// Stories first, then the moment inside each: a talk is divided into stories at its topic edges, a teaser that
// repeats a later line is set apart as a cold open, and each story offers the one span a viewer would watch —
// opening on its strongest line and running through its payoff to a complete sentence inside the length band.

export interface Story {
  first: number;
  last: number;
  start: number;
  end: number;
  /** a cold open: it repeats lines told in full later in the talk */
  teaser: boolean;
  /** what the story is when it is no story worth a short: an intro, housekeeping, a sponsor read, an outro */
  junk?: CueKind;
  /** an aside: lines that hedge and name nothing, no story at all */
  aside?: boolean;
}

export interface StorySpan extends ScoredCandidate {
  story: number;
  /** the sentence it opens on and the one it pays off with */
  hook: number;
  payoff: number;
}

/** A story this many times longer than the band's maximum is cut at its strongest inner topic edge. */
const SPLIT_FACTOR = 2;
/** The line it repeats comes at least this much later. */
const TEASER_DISTANCE_SECONDS = 20;
/** A cold open ends by this time, and where this many lines in a row repeat nothing, the talk proper has begun. */
const TEASER_MAX_SECONDS = 90;
const TALK_BEGUN_LINES = 4;
/** Share of a teaser's content words found in the later line. */
const TEASER_OVERLAP = 0.7;
/** A lead-in splits a story only where both parts keep at least this many lines. */
const MIN_STORY_LINES = 2;
/** A short opens on one of a story's first sentences, never past half of it. */
const MAX_OPENING_SKIP = 4;
/** An aside: at least this many lines naming nothing, this many of any window of lines in a row hedging. */
const ASIDE = { lines: 3, window: 3, hedged: 2 };
/** Stories in this first or last stretch of a window are suspect as intros and outros when the words say little. */
const EDGE = { share: 0.1, seconds: 30 };

/** Whether two lines say the same: most content words of the shorter one are in the other. */
function sameLine(a: string, b: string): boolean {
  const own = new Set(contentTokens(a));
  const theirs = new Set(contentTokens(b));
  if (own.size < 3 || theirs.size < 3) return false;
  let shared = 0;
  for (const token of own) if (theirs.has(token)) shared++;
  return shared / Math.min(own.size, theirs.size) >= TEASER_OVERLAP;
}

/** Whether sentence `index` repeats a line told well after it. */
export function repeatsLaterLine(context: TalkContext, index: number): boolean {
  const sentence = context.sentences[index];
  return context.sentences.some(
    (later) => later.start >= sentence.end + TEASER_DISTANCE_SECONDS && sameLine(sentence.text, later.text),
  );
}

/**
 * The lines of the window's cold open: lines near its start that repeat a later line, before the talk proper
 * begins (a few lines in a row that repeat nothing), and no longer than a teaser runs.
 */
export function coldOpenLines(context: TalkContext): boolean[] {
  const lines = context.sentences.map(() => false);
  let plain = 0;
  for (const [index, sentence] of context.sentences.entries()) {
    if (sentence.start > TEASER_MAX_SECONDS) break;
    if (repeatsLaterLine(context, index)) {
      lines[index] = true;
      plain = 0;
    } else if (++plain >= TALK_BEGUN_LINES) break;
  }
  return lines;
}

/** Whether a teaser repeats sentence `index`. */
function repeatedBy(context: TalkContext, teaser: Story, index: number): boolean {
  const line = context.sentences[index].text;
  return context.sentences
    .slice(teaser.first, teaser.last + 1)
    .some((sentence) => sameLine(sentence.text, line));
}

function span(context: TalkContext, first: number, last: number): Omit<Story, 'teaser'> {
  const junk = junkKind(context.cues.slice(first, last + 1));
  return {
    first,
    last,
    start: context.sentences[first].start,
    end: context.sentences[last].end,
    ...(junk ? { junk } : {}),
  };
}

/** A story is of a junk kind when enough of its lines carry that kind's cues: any greeting makes an intro. */
const JUNK_SHARE = { alone: 0.34, withTwoLines: 0.25 };

/** The junk kind a story's lines (their cues) make it, if any. */
export function junkKind(cues: TalkContext['cues']): CueKind | undefined {
  const counts = new Map<CueKind, number>();
  for (const cue of cues) if (cue) counts.set(cue.kind, (counts.get(cue.kind) ?? 0) + 1);
  if (counts.has('intro')) return 'intro';
  // a read announced by its first line is a sponsor read, however its product lines were heard; an announcement
  // only the keyword spotter heard (it hears "brought to you by" in a story's opening now and then) needs another
  // sponsor cue in the story
  const announced = cues[0];
  if (announcesSponsor(announced) && (!announced?.heard || (counts.get('sponsor') ?? 0) >= 2))
    return 'sponsor';
  // a sponsor read that ends "the link is in the show notes" is junk of two kinds: together they count
  const [kind] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  const count = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const share = count / cues.length;
  return share >= JUNK_SHARE.alone || (count >= 2 && share >= JUNK_SHARE.withTwoLines) ? kind : undefined;
}

/** Splits a story far longer than the band at its strongest inner edge, recursively. */
function splitLong(
  context: TalkContext,
  first: number,
  last: number,
  maxSeconds: number,
): [number, number][] {
  const seconds = context.sentences[last].end - context.sentences[first].start;
  if (seconds <= maxSeconds || last - first < 3) return [[first, last]];
  let cut = -1;
  for (let edge = first + 1; edge < last - 1; edge++) {
    if (cut < 0 || context.edges[edge] > context.edges[cut]) cut = edge;
  }
  if (cut < 0) return [[first, last]];
  return [...splitLong(context, first, cut, maxSeconds), ...splitLong(context, cut + 1, last, maxSeconds)];
}

/** Splits a story where a lead-in announces the next one ("And one more question, from the front."). */
function splitAtLeadIns(announced: readonly boolean[], first: number, last: number): [number, number][] {
  const parts: [number, number][] = [];
  let from = first;
  for (let i = first + MIN_STORY_LINES; i <= last - MIN_STORY_LINES + 1; i++) {
    if (announced[i] && i - from >= MIN_STORY_LINES) {
      parts.push([from, i - 1]);
      from = i;
    }
  }
  parts.push([from, last]);
  return parts;
}

/** What one line can be to an aside: a hedge naming nothing, a line naming a number or a name, or neither. */
export type AsideLine = 'hedged' | 'specific' | 'plain';

/**
 * The asides among a story's lines, as [first, last] pairs: runs of at least three lines that name nothing, two of
 * any three in a row of them hedging, from the first such line to the last.
 */
export function asideRuns(lines: readonly AsideLine[]): [number, number][] {
  const hedged = (i: number) => lines[i] === 'hedged';
  const covered = lines.map(() => false);
  for (let i = 0; i + ASIDE.window <= lines.length; i++) {
    const window = lines.slice(i, i + ASIDE.window);
    if (window.includes('specific')) continue;
    if (window.filter((line) => line === 'hedged').length >= ASIDE.hedged)
      covered.fill(true, i, i + ASIDE.window);
  }
  const runs: [number, number][] = [];
  for (let start = 0; start < lines.length; start++) {
    if (!covered[start]) continue;
    let end = start;
    while (end + 1 < lines.length && covered[end + 1]) end++;
    let first = start;
    let last = end;
    while (!hedged(first)) first++;
    while (!hedged(last)) last--;
    if (last - first + 1 >= ASIDE.lines) runs.push([first, last]);
    start = end;
  }
  return runs;
}

/** Part of a story's lines: an aside in it, or the story's own. */
interface StoryPart {
  first: number;
  last: number;
  aside: boolean;
}

/**
 * Splits a story around its asides, where words can be read: lines that hedge and name nothing ("suppliers, well,
 * that is a whole other side of the business") are told apart from the story they follow, so no short runs on
 * into them, and are offered as no short.
 */
function splitAtAsides(context: TalkContext, first: number, last: number): StoryPart[] {
  if (context.confidence < TRUSTED_WORDS) return [{ first, last, aside: false }];
  const lines = context.lines
    .slice(first, last + 1)
    .map((line): AsideLine => (line.specifics > 0 ? 'specific' : line.hedges ? 'hedged' : 'plain'));
  const parts: StoryPart[] = [];
  let from = first;
  for (const [start, end] of asideRuns(lines)) {
    if (first + start > from) parts.push({ first: from, last: first + start - 1, aside: false });
    parts.push({ first: first + start, last: first + end, aside: true });
    from = first + end + 1;
  }
  if (from <= last) parts.push({ first: from, last, aside: false });
  return parts;
}

/** The talk's stories in order: its sections, far-too-long ones split, teaser runs set apart. */
export function storiesOf(context: TalkContext, band: { min: number; max: number }): Story[] {
  const teasers = coldOpenLines(context);
  const stories: Story[] = [];
  const announced = context.sentences.map((sentence) => leadInScore(sentence.text) >= 1);
  for (const section of context.sections) {
    const long = splitLong(context, section.first, section.last, band.max * SPLIT_FACTOR);
    const parts = long
      .flatMap(([from, to]) => splitAtLeadIns(announced, from, to))
      .flatMap(([from, to]) => splitAtAsides(context, from, to));
    for (const { first, last, aside } of parts) {
      let from = first;
      for (let i = first + 1; i <= last + 1; i++) {
        if (i <= last && teasers[i] === teasers[from]) continue;
        stories.push({
          ...span(context, from, i - 1),
          teaser: teasers[from],
          ...(aside ? { aside: true } : {}),
        });
        from = i;
      }
    }
  }
  return stories;
}

/** The sentences a short of this story may open on: its first few, up to half of it. */
function openings(story: Story): number[] {
  const count = story.last - story.first + 1;
  const limit = Math.min(MAX_OPENING_SKIP, Math.max(0, Math.floor((count - 1) / 2)));
  return Array.from({ length: limit + 1 }, (_, i) => story.first + i);
}

/**
 * Two spans whose words are this alike, or one of which says little the other does not, tell the same story
 * twice (a retelling, in whole or in part, a recap).
 */
const RETELLING_SIMILARITY = 0.8;

const retells = (a: Vector, b: Vector) =>
  cosine(a, b) >= RETELLING_SIMILARITY || overlapShare(a, b) >= RETELLING_SIMILARITY;

/** The spans, best first, without a second telling of a story already kept. */
export function withoutRetellings<T extends Candidate & { score: number }>(
  context: TalkContext,
  spans: readonly T[],
): T[] {
  const vectorOf = (span: Candidate) => addVectors(context.vectors.slice(span.first, span.last + 1));
  const kept: { span: T; vector: ReturnType<typeof vectorOf> }[] = [];
  for (const span of [...spans].sort((a, b) => b.score - a.score)) {
    const vector = vectorOf(span);
    if (kept.some((other) => retells(vector, other.vector))) continue;
    kept.push({ span, vector });
  }
  return kept.map(({ span }) => span);
}

/** Inner edges of a story up to this strength are part of telling it. */
const INNER_EDGE = 0.4;
/** What skipping a line that is not a lead-in costs an opening: a later line must hook clearly better. */
const SKIP_COST = 0.12;
/** Words trusted this much choose a short's opening on their own. */
const TRUSTED_OPENING = 0.6;
/** The first line after a story's lead-ins is where its hook most often is. */
const FIRST_LINE_BONUS = 0.1;
/** A line a cold open repeated was picked as the talk's most striking: the hook of its story. */
const TEASED_BONUS = 0.4;

/** How well a short opens on sentence `start` of its story, given the lines it skips. */
function openingScore(
  lines: { hook: number; leadIn: number; teased: boolean }[],
  story: Story,
  start: number,
): number {
  const line = lines[start - story.first];
  const skipped = lines.slice(0, start - story.first);
  // of two weak openings, the one that is no lead-in; a story's hook most often follows its lead-ins
  let score = line.hook + (line.teased ? TEASED_BONUS : 0) - 0.3 * line.leadIn;
  if (line.leadIn < 0.5 && skipped.every((other) => other.leadIn >= 0.5)) score += FIRST_LINE_BONUS;
  for (const other of skipped) if (other.leadIn < 0.5) score -= SKIP_COST;
  return score;
}

/** The span of one story a viewer would watch, or undefined when none fits the band. */
export function bestSpanOf(
  context: TalkContext,
  stories: readonly Story[],
  storyIndex: number,
  trust: number,
  windowDuration: number,
  cutsAllowed: (candidate: Candidate) => boolean,
): StorySpan | undefined {
  const story = stories[storyIndex];
  const { band } = context;
  const texts = context.sentences.slice(story.first, story.last + 1).map((sentence) => sentence.text);
  const teasers = stories.filter((other) => other.teaser);
  const lines = texts.map((text, i) => ({
    hook: hookScore(text),
    leadIn: leadInScore(text),
    teased: teasers.some((teaser) => repeatedBy(context, teaser, story.first + i)),
  }));
  const payoffs = texts.map(payoffScore);
  // a payoff comes after what it pays off: in the story's second half, in a short after its opening
  const half = Math.floor(payoffs.length / 2);
  const storyPayoff = payoffs.reduce(
    (best, value, i) => (i >= half && value >= payoffs[best] ? i : best),
    half,
  );
  const edgePrior = storyEdgePrior(story, windowDuration, trust);
  // words that can be read decide the opening first: the short opens on the story's hook, and only then is its
  // end chosen; with weak words, opening and end are weighed together
  const decided = trust >= TRUSTED_OPENING;
  const firsts = openings(story)
    .map((first) => ({ first, opening: openingScore(lines, story, first) }))
    .sort((a, b) => (decided ? b.opening - a.opening || a.first - b.first : a.first - b.first));
  let best: StorySpan | undefined;
  for (const { first, opening } of firsts) {
    if (decided && best) break;
    for (let last = first; last <= story.last; last++) {
      const candidate = {
        first,
        last,
        start: context.cutStarts[first],
        end: context.cutEnds[last],
      };
      const seconds = candidate.end - candidate.start;
      if (seconds > band.max) break;
      if (seconds < band.min || !cutsAllowed(candidate)) continue;
      const scored = scoreCandidate(context, candidate);
      const after = Math.min(first + 1, last);
      const inside = payoffs.slice(after - story.first, last - story.first + 1);
      const payoff = after + inside.reduce((b, value, i) => (value >= inside[b] ? i : b), 0);
      const reachesPayoff = last - story.first >= storyPayoff ? 1 : 0.3;
      const ending = 0.5 * payoffs[last - story.first] + (last === story.last ? 0.5 : 0.15);
      const quality = scored.quality;
      const told = 0.45 * opening + 0.3 * quality + 0.15 * ending + 0.1 * reachesPayoff;
      const blended = trust * told + (1 - trust) * quality;
      // inside a story its weak inner edges are no change of topic; only one nearly as strong as a story's counts
      const straddle = Math.max(0, scored.features.straddle - INNER_EDGE) / (1 - INNER_EDGE);
      const score = blended * penaltyOf({ ...scored.features, straddle }) * edgePrior;
      if (!best || score > best.score) {
        best = { ...scored, score, story: storyIndex, hook: first, payoff };
      }
    }
  }
  return best;
}

/**
 * With untrusted words, a story in the first or last stretch of the window is suspect: that is where cold opens,
 * intros, housekeeping and outros sit. Trusted words speak for themselves.
 */
function storyEdgePrior(story: Story, duration: number, trust: number): number {
  const edge = Math.max(EDGE.seconds, duration * EDGE.share);
  const middle = (story.start + story.end) / 2;
  const atEdge = middle < edge || middle > duration - edge;
  return atEdge ? 1 - 0.6 * (1 - trust) : 1;
}
