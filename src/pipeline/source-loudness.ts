import { measureLoudnessCurve, type LoudnessCurve } from '../media/loudness-curve.ts';
import type { MediaTools } from '../media/tools.ts';
import type { Checkpoints } from './checkpoints.ts';
import type { IngestResult } from './ingest/index.ts';
import type { ChosenAssets } from './overlays.ts';
import type { ClipOptions } from '../domain/options.ts';

// The loudness curve of a job's window, measured once and kept as a checkpoint (a resumed job and a re-render
// read it): the loudness of every short of the speech alone comes from it, with no pass of the short's own.

export const LOUDNESS_STAGE = 'loudness';

/** Whether shorts are the window's speech alone: no music, no meme clip, not cut into tightened footage. */
export function shortsOfSpeechAlone(options: Pick<ClipOptions, 'trimPauses'>, assets: ChosenAssets): boolean {
  return !assets.music && !assets.memeHook && !options.trimPauses;
}

/** The window's loudness curve when the shorts are of its speech alone (else none: nothing would read it). */
export async function windowLoudness(
  source: Pick<IngestResult, 'videoPath' | 'windowStart' | 'windowEnd' | 'probe'>,
  shorts: { options: Pick<ClipOptions, 'trimPauses'>; assets: ChosenAssets },
  checkpoints: Checkpoints,
  context: { tools: MediaTools; signal: AbortSignal },
): Promise<LoudnessCurve | undefined> {
  if (!shortsOfSpeechAlone(shorts.options, shorts.assets)) return undefined;
  return checkpoints.stage(LOUDNESS_STAGE, () =>
    measureLoudnessCurve(
      source.videoPath,
      { start: source.windowStart, end: source.windowEnd },
      context.tools,
      { signal: context.signal, audioStream: source.probe.audio?.stream },
    ),
  );
}
