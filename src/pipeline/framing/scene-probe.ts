import { sceneProbeArgs } from '../../media/frame-args.ts';
import { ProcessError, runProcess } from '../../media/process.ts';
import type { MediaTools } from '../../media/tools.ts';
import { mapInLanes } from '../lanes.ts';
import { DEFAULT_ANALYSIS, mergeCuts, parseSceneCut } from './analyse.ts';

// Scene cuts in a few short stretches of the source (the pauses that may be topic edges), found with the same
// scdet detector framing uses. Only those stretches are decoded, at a small size.

export interface Stretch {
  /** seconds in the source */
  start: number;
  end: number;
}

/**
 * A pause is where a cut is expected if there is one, so the probe listens for softer cuts than framing does
 * (two dark scenes of similar colour score under framing's threshold).
 */
export const PROBE_THRESHOLD = Math.round(DEFAULT_ANALYSIS.sceneThreshold * 0.6);

/** Probes at once: a probe of a second or two waits on starting ffmpeg and seeking more than it decodes. */
const PROBE_LANES = 2;

/** Scene cuts (source seconds) inside the stretches, in their order; a stretch that cannot be decoded has none. */
export async function sceneCutsIn(
  videoPath: string,
  stretches: readonly Stretch[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[]> {
  const cutsOfEach = await mapInLanes(stretches, PROBE_LANES, (stretch) =>
    cutsInStretch(videoPath, stretch, options),
  );
  return cutsOfEach.flat();
}

async function cutsInStretch(
  videoPath: string,
  stretch: Stretch,
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[]> {
  const found: number[] = [];
  try {
    await runProcess(options.tools.ffmpeg, sceneProbeArgs(videoPath, stretch, PROBE_THRESHOLD), {
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
