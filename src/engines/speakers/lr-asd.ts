import { fileURLToPath } from 'node:url';
import type * as Ort from 'onnxruntime-web';
import { loadOnnxSession, type OnnxRuntime } from '../vad/onnx-runtime.ts';
import { CROP_SIZE } from './face-crop.ts';
import { MFCC_COEFFICIENTS, mfcc } from './mfcc.ts';
import { ROWS_PER_FRAME, alignedRows, boxSmooth, wantedWindows } from './windows.ts';

// LR-ASD (MIT, TalkSet weights), an audio-visual active-speaker network, run by ONNX Runtime Web's WebAssembly
// build on the CPU like the VAD. The weights (3.4 MB) ship in assets/lr-asd with their licence.

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

/** Scorings run one at a time, whichever short asks: the shared WASM runtime runs one graph at a time. */
let scoring: Promise<unknown> = Promise.resolve();

export function lrAsdModelPath(): string {
  return fileURLToPath(new URL('../../../assets/lr-asd/lr-asd-talkset.onnx', import.meta.url));
}

export class LrAsd implements SpeakingScorer {
  private constructor(
    private readonly ort: OnnxRuntime,
    private readonly session: Ort.InferenceSession,
  ) {}

  static async load(modelPath = lrAsdModelPath()): Promise<LrAsd> {
    const { ort, session } = await loadOnnxSession(modelPath, 'active-speaker model');
    return new LrAsd(ort, session);
  }

  /** The track scored window by window (2 s each, only those near a wanted frame), then smoothed over 5 frames. */
  score(track: TrackMaterial, signal?: AbortSignal): Promise<Float32Array> {
    const scored = scoring.then(() => this.scoreNow(track, signal));
    scoring = scored.catch(() => undefined);
    return scored;
  }

  private async scoreNow(track: TrackMaterial, signal?: AbortSignal): Promise<Float32Array> {
    const features = mfcc(track.audio);
    const raw = new Float32Array(track.crops.length).fill(NaN);
    for (const [start, end] of wantedWindows(track.wanted ?? track.crops.map(() => true))) {
      signal?.throwIfAborted();
      const frames = end - start;
      const video = new Float32Array(frames * CROP_SIZE * CROP_SIZE);
      for (let f = 0; f < frames; f++) video.set(track.crops[start + f], f * CROP_SIZE * CROP_SIZE);
      const output = await this.session.run({
        audio: new this.ort.Tensor('float32', alignedRows(features, start, end), [
          1,
          frames * ROWS_PER_FRAME,
          MFCC_COEFFICIENTS,
        ]),
        video: new this.ort.Tensor('float32', video, [1, frames, CROP_SIZE, CROP_SIZE]),
      });
      raw.set(output.score.data as Float32Array, start);
    }
    return boxSmooth(raw);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
