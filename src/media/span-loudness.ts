import { BLOCK_STEPS, CURVE_STEP_SECONDS, FLOOR_DB, type LoudnessCurve } from './loudness-curve.ts';

// The loudness of a span of a source from its loudness curve, integrated as BS.1770-4 / EBU R128 gate it: the
// 400 ms blocks (75 % overlap) inside the span, those at or under −70 LUFS dropped, then those at or under 10 LU
// below the mean loudness of the rest; the integrated loudness is the mean energy of what is left.

/** BS.1770's absolute gate: blocks this quiet or quieter are silence. */
const ABSOLUTE_GATE_LUFS = -70;
/** BS.1770's relative gate, under the loudness of the blocks past the absolute gate. */
const RELATIVE_GATE_LU = 10;
/** A block or step counts as inside a span when it is off by less than half a step (the curve's grid is fixed). */
const GRID_SLACK = CURVE_STEP_SECONDS / 2;

export interface SpanLoudness {
  /** integrated loudness (LUFS); −∞ when no block passes the gates */
  integrated: number;
  /** the relative gate (LUFS), as ebur128 reports it ("threshold"); −70 when no block passes −70 */
  threshold: number;
  /** the highest true peak (dBTP) over the span */
  truePeak: number;
}

/** Mean loudness of blocks: the loudness of their mean energy (BS.1770's −0.691 offset cancels out). */
function meanLoudness(blocks: readonly number[]): number {
  if (blocks.length === 0) return Number.NEGATIVE_INFINITY;
  const energy = blocks.reduce((sum, lufs) => sum + 10 ** (lufs / 10), 0) / blocks.length;
  return 10 * Math.log10(energy);
}

/** Integrated loudness and its relative gate from gating blocks' loudness (LUFS). */
export function gatedLoudness(blocks: readonly number[]): Pick<SpanLoudness, 'integrated' | 'threshold'> {
  const audible = blocks.filter((lufs) => lufs > ABSOLUTE_GATE_LUFS);
  if (audible.length === 0) return { integrated: Number.NEGATIVE_INFINITY, threshold: ABSOLUTE_GATE_LUFS };
  const threshold = meanLoudness(audible) - RELATIVE_GATE_LU;
  return { integrated: meanLoudness(audible.filter((lufs) => lufs > threshold)), threshold };
}

/** The steps (indexes into the curve) from the first at or after `from` to the last ending by `to`, within slack. */
function stepRange(curve: LoudnessCurve, from: number, to: number): { first: number; last: number } {
  return {
    first: Math.max(0, Math.ceil((from - curve.start - GRID_SLACK) / CURVE_STEP_SECONDS)),
    last: Math.floor((to - curve.start + GRID_SLACK) / CURVE_STEP_SECONDS) - 1,
  };
}

/** Whether the curve measured all of [start, end] of its source (give or take half a step at each end). */
export function curveCovers(curve: LoudnessCurve, span: { start: number; end: number }): boolean {
  const end = curve.start + curve.truePeak.length * CURVE_STEP_SECONDS;
  return span.start >= curve.start - GRID_SLACK && span.end <= end + GRID_SLACK;
}

/**
 * The loudness of [start, end] on the curve's clock. Its blocks are the curve's blocks that lie inside the span;
 * its true peak is the highest over the steps the span touches and the step after it (ebur128's true-peak meter
 * oversamples through a resampler, whose delay can report a peak in the step after the one that held it).
 */
export function spanLoudness(curve: LoudnessCurve, span: { start: number; end: number }): SpanLoudness {
  const { first, last } = stepRange(curve, span.start, span.end);
  const blocks = curve.momentary.slice(first, Math.max(first, last - BLOCK_STEPS + 2));
  const firstTouched = Math.max(0, Math.floor((span.start - curve.start) / CURVE_STEP_SECONDS));
  const lastTouched = Math.ceil((span.end - curve.start) / CURVE_STEP_SECONDS);
  const peaks = curve.truePeak.slice(firstTouched, lastTouched + 1);
  return { ...gatedLoudness(blocks), truePeak: peaks.length > 0 ? Math.max(...peaks) : FLOOR_DB };
}
