import { sceneProbeArgs } from '../../media/frame-args.ts';
import type { MediaTools } from '../../media/tools.ts';
import { DEFAULT_ANALYSIS } from './analyse.ts';
import { cutsInEachStretch, type Stretch } from './scene-cuts.ts';

// Scene cuts in a few short stretches of the source (the pauses that may be topic edges), found with the same
// scdet detector framing uses. Only those stretches are decoded, at a small size.

/**
 * A pause is where a cut is expected if there is one, so the probe listens for softer cuts than framing does
 * (two dark scenes of similar colour score under framing's threshold).
 */
export const PROBE_THRESHOLD = Math.round(DEFAULT_ANALYSIS.sceneThreshold * 0.6);

/** Scene cuts (source seconds) inside the stretches, in their order; a stretch that cannot be decoded has none. */
export async function sceneCutsIn(
  videoPath: string,
  stretches: readonly Stretch[],
  options: { signal: AbortSignal; tools: MediaTools },
): Promise<number[]> {
  const cutsOfEach = await cutsInEachStretch(
    stretches,
    (run) => sceneProbeArgs(videoPath, run, PROBE_THRESHOLD),
    options,
  );
  return cutsOfEach.flat();
}
