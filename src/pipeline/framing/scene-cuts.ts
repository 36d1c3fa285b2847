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

/**
 * Stretches decoded at once: a stretch of a second or two waits on starting ffmpeg and seeking more than it
 * decodes.
 */
const STRETCH_LANES = 2;

/**
 * The scene cuts (source seconds) inside each stretch, decoded by the ffmpeg arguments `argsOf` makes for it (which
 * log scdet's cuts); a stretch that cannot be decoded has none.
 */
export function cutsInEachStretch(
  stretches: readonly Stretch[],
  argsOf: (stretch: Stretch) => string[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[][]> {
  return mapInLanes(stretches, STRETCH_LANES, (stretch) => cutsInStretch(stretch, argsOf(stretch), options));
}

async function cutsInStretch(
  stretch: Stretch,
  args: string[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[]> {
  const found: number[] = [];
  try {
    await runProcess(options.tools.ffmpeg, args, {
      signal: options.signal,
      maxStdoutBytes: 0,
      onStderrLine: (line) => {
        const cut = parseSceneCut(line);
        if (cut !== undefined) found.push(cut);
      },
    });
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    return [];
  }
  // scdet reports times from the stretch's start; the first frame is no cut
  return mergeCuts(found).map((cut) => Math.round((Math.max(0, stretch.start) + cut) * 1000) / 1000);
}
