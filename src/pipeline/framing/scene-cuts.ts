import { ProcessError, runProcess } from '../../media/process.ts';
import type { MediaTools } from '../../media/tools.ts';
import { mapInLanes } from '../lanes.ts';

// Scene cuts as ffmpeg's scdet reports them: read from its log, merged where they come too close together, and
// looked for in a few short stretches of a video.

export interface Stretch {
  /** seconds in the source */
  start: number;
  end: number;
}

const SCDET_LINE = /lavfi\.scd\.time:\s*([\d.]+)/;

/** A scene-cut time from one of scdet's log lines. */
export function parseSceneCut(line: string): number | undefined {
  const match = SCDET_LINE.exec(line);
  if (!match) return undefined;
  const time = Number(match[1]);
  return Number.isFinite(time) ? time : undefined;
}

/** Cuts closer together than `minGap` seconds (flashes, fades) count once. */
export function mergeCuts(cuts: number[], minGap = 0.5): number[] {
  const merged: number[] = [];
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= 0.05) continue;
    if (merged.length === 0 || cut - merged[merged.length - 1] >= minGap) merged.push(cut);
  }
  return merged;
}

/** ffmpeg runs decoding stretches at once. */
const STRETCH_LANES = 2;

/**
 * Stretches one ffmpeg run decodes, an input each: starting ffmpeg costs about 0.3 CPU seconds before its first
 * frame, more than decoding a stretch of a second or two, but each input holds a decoder of its own (about 22 MB
 * more at 1080p with B-frames, four times that at 2160p).
 */
const STRETCHES_PER_RUN = 4;

const STRETCH_CUT_LINE = /\[metadata@stretch(\d+) @ [^\]]*\] lavfi\.scd\.time=([\d.]+)/;

/** A scene cut from a decode of several stretches (stretchCutLogger's lines): whose, and its time in it. */
export function parseStretchCut(line: string): { stretch: number; time: number } | undefined {
  const match = STRETCH_CUT_LINE.exec(line);
  if (!match) return undefined;
  const time = Number(match[2]);
  return Number.isFinite(time) ? { stretch: Number(match[1]), time } : undefined;
}

/**
 * The scene cuts (source seconds) inside each stretch. The stretches are decoded a few at a time by one ffmpeg run
 * of the arguments `argsOf` makes for them (each logging its cuts with stretchCutLogger), in lanes. The stretches
 * of a run that fails have none.
 */
export async function cutsInEachStretch(
  stretches: readonly Stretch[],
  argsOf: (stretches: readonly Stretch[]) => string[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[][]> {
  const runs = Array.from({ length: Math.ceil(stretches.length / STRETCHES_PER_RUN) }, (_, i) =>
    stretches.slice(i * STRETCHES_PER_RUN, (i + 1) * STRETCHES_PER_RUN),
  );
  const found = await mapInLanes(runs, STRETCH_LANES, (run) => cutsInStretches(run, argsOf(run), options));
  return found.flat();
}

async function cutsInStretches(
  stretches: readonly Stretch[],
  args: string[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[][]> {
  const found: number[][] = stretches.map(() => []);
  try {
    await runProcess(options.tools.ffmpeg, args, {
      signal: options.signal,
      maxStdoutBytes: 0,
      onStderrLine: (line) => {
        const cut = parseStretchCut(line);
        if (cut) found[cut.stretch]?.push(cut.time);
      },
    });
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return stretches.map(() => []);
  }
  // scdet reports times from the stretch's start; the first frame is no cut
  return found.map((cuts, i) =>
    mergeCuts(cuts).map((cut) => Math.round((Math.max(0, stretches[i].start) + cut) * 1000) / 1000),
  );
}
