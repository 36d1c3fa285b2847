import { fileURLToPath } from 'node:url';
import { onnxRuntimeSetting, type OnnxRuntimeSetting } from '../onnx-runtime.ts';
import { CROP_SIZE } from './face-crop.ts';
import { mfcc } from './mfcc.ts';
import { useScoringThreads, type ModelWindow, type ScoringThreads } from './scoring-threads.ts';
import { alignedRows, boxSmooth, wantedWindows } from './windows.ts';

// LR-ASD (MIT, TalkSet weights), an audio-visual active-speaker network, run on the CPU by the ONNX runtime the VAD
// uses too (onnx-runtime.ts: WebAssembly, or onnxruntime-node where it is installed), on threads of its own
// (scoring-threads.ts). The weights (3.4 MB) ship in assets/lr-asd with their licence.

/** What the model needs of one face track: its grey crops, one per 25 fps frame, and the audio of the same span. */
export interface TrackMaterial {
  /** 112×112 grey crops (face-crop.ts), one per frame */
  crops: Uint8Array[];
  /** 16 kHz mono int16 samples from the track's first frame to the end of its last */
  audio: Int16Array;
  /** per frame, whether its score will be read (all of them when not given) */
  wanted?: ArrayLike<boolean>;
}

/**
 * Speaking scores per frame of a face track: ≥ 0 leans to speaking; compare faces rather than trusting a threshold.
 * Frames far from any wanted one may be left unscored: NaN.
 */
export interface SpeakingScorer {
  score(track: TrackMaterial, signal?: AbortSignal): Promise<Float32Array>;
  close(): Promise<void>;
}

export function lrAsdModelPath(): string {
  return fileURLToPath(new URL('../../../assets/lr-asd/lr-asd-talkset.onnx', import.meta.url));
}

export class LrAsd implements SpeakingScorer {
  private constructor(private readonly threads: ScoringThreads) {}

  /** The model loaded on the scoring threads (scoring-threads.ts), on the runtime CLIPFORGE_ONNX_RUNTIME names. */
  static async load(
    modelPath = lrAsdModelPath(),
    runtime: OnnxRuntimeSetting = onnxRuntimeSetting(),
  ): Promise<LrAsd> {
    return new LrAsd(await useScoringThreads({ modelPath, runtime }));
  }

  /**
   * The track scored window by window (2 s each, only those near a wanted frame; as many at once as there are
   * scoring threads), then smoothed over 5 frames.
   */
  async score(track: TrackMaterial, signal?: AbortSignal): Promise<Float32Array> {
    const features = mfcc(track.audio);
    const raw = new Float32Array(track.crops.length).fill(NaN);
    const windowInput = (start: number, end: number): ModelWindow => {
      signal?.throwIfAborted();
      const video = new Float32Array((end - start) * CROP_SIZE * CROP_SIZE);
      for (let f = start; f < end; f++) video.set(track.crops[f], (f - start) * CROP_SIZE * CROP_SIZE);
      return { audio: alignedRows(features, start, end), video, frames: end - start };
    };
    await Promise.all(
      wantedWindows(track.wanted ?? track.crops.map(() => true)).map(async ([start, end]) =>
        raw.set(await this.threads.score(() => windowInput(start, end)), start),
      ),
    );
    return boxSmooth(raw);
  }

  close(): Promise<void> {
    return this.threads.release();
  }
}
