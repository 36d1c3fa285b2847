import type { Word } from '../domain/transcript.ts';
import type { Envelope } from './structure/acoustics.ts';
import { LEAD_IN_SECONDS, TAIL_SECONDS } from './structure/cuts.ts';

// Where a requested cut lands, so a short never begins or ends inside a word: in the pause before the nearest voice
// onset for a start, after the nearest offset for an end, in the longest quiet of that pause. A recogniser's
// word edges miss the sound by tens of milliseconds (more where it mishears), which is inside a word as often as
// not; they are the fallback when the voice detector heard no speech.

export interface Span {
  start: number;
  end: number;
}

const nearestIndex = (values: readonly number[], to: number) =>
  values.reduce(
    (best, value, index) => (Math.abs(value - to) < Math.abs(values[best] - to) ? index : best),
    0,
  );
const nearest = (values: readonly number[], to: number) => values[nearestIndex(values, to)];

/**
 * `requested` moved to word edges: its start to the nearest word start, its end to the nearest end of a word
 * that starts there or later. Undefined when no word is spoken at or after the snapped start.
 */
export function snapToWords(words: readonly Word[], requested: Span): Span | undefined {
  if (words.length === 0) return undefined;
  const start = nearest(
    words.map((word) => word.start),
    requested.start,
  );
  const ends = words.filter((word) => word.start >= start).map((word) => word.end);
  if (ends.length === 0) return undefined;
  const end = nearest(ends, Math.max(requested.end, start));
  return { start, end };
}

/** Whether `time` falls strictly inside a word (the check snapping must always pass). */
export function insideAWord(words: readonly Word[], time: number): boolean {
  return words.some((word) => time > word.start && time < word.end);
}

/** What the voice detector heard in a window: its speech regions, and the loudness over time. */
export interface HeardSpeech {
  regions: readonly Span[];
  envelope: Envelope;
}

/** Loudness steps within this of a pause's quietest one are as quiet as it. */
const QUIET_DB = 3;
/** A cut keeps this far inside the quiet it is placed in (half of it when that is shorter). */
const QUIET_MARGIN = 0.03;

/** The stretches of [from, to] whose loudness steps (whole ones) are all within QUIET_DB of its quietest. */
export function quietRuns(envelope: Envelope, from: number, to: number): Span[] {
  const step = envelope.stepSeconds;
  const first = Math.ceil(from / step - 1e-9);
  const last = Math.min(envelope.db.length, Math.floor(to / step + 1e-9)) - 1;
  const levels = envelope.db.slice(first, last + 1);
  const quietest = Math.min(...levels);
  const runs: Span[] = [];
  levels.forEach((level, offset) => {
    if (level > quietest + QUIET_DB) return;
    const start = (first + offset) * step;
    const previous = runs[runs.length - 1];
    if (previous && Math.abs(previous.end - start) < 1e-9) previous.end = start + step;
    else runs.push({ start, end: start + step });
  });
  return runs;
}

/**
 * Where to cut in a pause the voice detector heard: in its longest stretch of quiet (a gap between words, not the
 * closure of a stop inside one: a detected onset or offset may miss a quiet sound of a word by tens of
 * milliseconds), as near `aim` as that stretch allows.
 */
function cutInPause(envelope: Envelope, aim: number, pause: Span): number {
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  const distance = (run: Span) => Math.abs(clamp(aim, run.start, run.end) - aim);
  const runs = quietRuns(envelope, pause.start, pause.end);
  const length = (run: Span) => run.end - run.start;
  const best = runs.reduce<Span | undefined>(
    (chosen, run) =>
      !chosen ||
      length(run) > length(chosen) + 1e-9 ||
      (Math.abs(length(run) - length(chosen)) < 1e-9 && distance(run) < distance(chosen))
        ? run
        : chosen,
    undefined,
  );
  const quiet = best ?? pause;
  const margin = Math.min(QUIET_MARGIN, length(quiet) / 2);
  return Math.round(clamp(aim, quiet.start + margin, quiet.end - margin) * 1000) / 1000;
}

/**
 * `requested` moved into the pauses: its start before the nearest speech onset, its end after the nearest offset of
 * speech from that onset on, each in the quiet of its pause, as near as it allows to where a job cuts (a lead-in
 * before the onset, a tail after the offset). `duration`: the window's. Undefined when no speech was heard.
 */
export function snapToSpeech(speech: HeardSpeech, requested: Span, duration: number): Span | undefined {
  const { regions, envelope } = speech;
  if (regions.length === 0) return undefined;
  const first = nearestIndex(
    regions.map((region) => region.start),
    requested.start,
  );
  const last =
    first +
    nearestIndex(
      regions.slice(first).map((region) => region.end),
      Math.max(requested.end, regions[first].start),
    );
  const before = regions[first - 1];
  const after = regions[last + 1];
  const onset = regions[first].start;
  const offset = regions[last].end;
  return {
    start: cutInPause(envelope, onset - LEAD_IN_SECONDS, { start: before?.end ?? 0, end: onset }),
    end: cutInPause(envelope, offset + TAIL_SECONDS, { start: offset, end: after?.start ?? duration }),
  };
}
