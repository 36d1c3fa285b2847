import { levelsBetween, quietestNear, type Envelope } from './acoustics.ts';

// Where a short starts and ends: a little before the first speech onset and a little after the last speech
// offset, inside the pause, at its quietest instant, never over into the neighbouring speech.

export const LEAD_IN_SECONDS = 0.15;
export const TAIL_SECONDS = 0.25;
/**
 * Over a music bed or loud room tone a word's decay is masked and a detected offset runs late: the tail is
 * shorter, or the cut lands well after the last word.
 */
export const BEDDED_TAIL_SECONDS = 0.1;
/** A pause whose median level is above this (dBFS) lies under a bed, not in silence. */
const BED_FLOOR_DB = -45;

function underBed(envelope: Envelope, from: number, to: number): boolean {
  const levels = levelsBetween(envelope, from, to).sort((a, b) => a - b);
  return levels.length > 0 && levels[Math.floor(levels.length / 2)] > BED_FLOOR_DB;
}
/** share of a pause that always stays with the neighbouring sentence */
const NEIGHBOUR_SHARE = 1 / 3;
/** a cut keeps at least this far from the speech it frames */
const SPEECH_MARGIN = 0.04;

/** The start of a short whose first sentence's speech begins at `onset` (the previous one ended at `previousOffset`). */
export function snapStart(onset: number, previousOffset: number | undefined, envelope?: Envelope): number {
  const earliest =
    previousOffset === undefined
      ? Math.max(0, onset - 2 * LEAD_IN_SECONDS)
      : previousOffset + (onset - previousOffset) * NEIGHBOUR_SHARE;
  const latest = Math.max(earliest, onset - SPEECH_MARGIN);
  const target = Math.min(latest, Math.max(earliest, onset - LEAD_IN_SECONDS));
  const cut = envelope ? quietestNear(envelope, target, earliest, latest) : target;
  return round3(Math.max(0, cut));
}

/** The end of a short whose last sentence's speech ends at `offset` (the next one begins at `nextOnset`). */
export function snapEnd(
  offset: number,
  nextOnset: number | undefined,
  duration: number,
  envelope?: Envelope,
): number {
  const latest =
    nextOnset === undefined
      ? Math.min(duration, offset + 2 * TAIL_SECONDS)
      : nextOnset - (nextOnset - offset) * NEIGHBOUR_SHARE;
  const earliest = Math.min(latest, offset + SPEECH_MARGIN);
  const tail = envelope && underBed(envelope, offset, latest) ? BEDDED_TAIL_SECONDS : TAIL_SECONDS;
  const target = Math.max(earliest, Math.min(latest, offset + tail));
  const cut = envelope ? quietestNear(envelope, target, earliest, latest) : target;
  return round3(Math.min(duration, cut));
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;
