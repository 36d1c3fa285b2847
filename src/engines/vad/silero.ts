import { fileURLToPath } from 'node:url';
import type * as Ort from 'onnxruntime-common';
import { CancelledError } from '../../domain/errors.ts';
import { VAD_SAMPLE_RATE, type SpeechProbabilityModel } from './model.ts';
import { loadOnnxSession, type OnnxRuntime, type OnnxRuntimeSetting } from '../onnx-runtime.ts';

// Silero VAD v5 (MIT), run on the CPU by the ONNX runtime CLIPFORGE_ONNX_RUNTIME picks (onnx-runtime.ts: WebAssembly,
// or onnxruntime-node where it is installed: five times less CPU). The weights (2.3 MB) ship in assets/silero-vad
// with their licence: nothing is downloaded at run time.

const FRAME_SAMPLES = 512;
/** v5 at 16 kHz sees the last 64 samples of the previous frame in front of each frame. */
const CONTEXT_SAMPLES = 64;
/** Lanes read at once, and the least audio (in frames, 32 ms each) worth a lane of its own. */
const MAX_LANES = 32;
const MIN_LANE_FRAMES = 320;
const WARM_UP_FRAMES = 64;

/** Where the Silero v5 weights are: assets/ of the checkout or of the installed package. */
export function sileroModelPath(): string {
  return fileURLToPath(new URL('../../../assets/silero-vad/silero_vad_v5.onnx', import.meta.url));
}

export class SileroVad implements SpeechProbabilityModel {
  readonly frameSeconds = FRAME_SAMPLES / VAD_SAMPLE_RATE;

  private constructor(
    private readonly ort: OnnxRuntime,
    private readonly session: Ort.InferenceSession,
  ) {}

  /** One small recurrent network: a single thread runs it fastest and leaves the other core free. */
  static async load(modelPath = sileroModelPath(), runtime?: OnnxRuntimeSetting): Promise<SileroVad> {
    const { ort, session } = await loadOnnxSession(modelPath, 'Silero VAD model', runtime);
    return new SileroVad(ort, session);
  }

  /**
   * The audio is read as parallel lanes, one batch row each, so one call of the network advances all of them:
   * about three times less CPU than frame by frame. Each lane starts two seconds early to settle its state.
   */
  async probabilities(samples: Float32Array, signal?: AbortSignal): Promise<Float32Array> {
    const frames = Math.ceil(samples.length / FRAME_SAMPLES);
    const result = new Float32Array(frames);
    if (frames === 0) return result;
    const lanes = Math.max(1, Math.min(MAX_LANES, Math.ceil(frames / MIN_LANE_FRAMES)));
    const laneFrames = Math.ceil(frames / lanes);
    const firstFrames = Array.from({ length: lanes }, (_, lane) => lane * laneFrames);
    const warmUps = firstFrames.map((first) => Math.min(first, WARM_UP_FRAMES));
    const steps = laneFrames + Math.max(...warmUps);
    const width = CONTEXT_SAMPLES + FRAME_SAMPLES;
    const ort = this.ort;
    const sampleRate = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]), []);
    let state: Ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * lanes * 128), [2, lanes, 128]);
    for (let step = 0; step < steps; step++) {
      if (step % 64 === 0 && signal?.aborted) throw new CancelledError();
      const batch = new Float32Array(lanes * width);
      const frameOf = firstFrames.map((first, lane) => first - warmUps[lane] + step);
      frameOf.forEach((frame, lane) => {
        // each row: the 64 samples before the frame, then the frame (zeros past either end of the audio)
        const from = frame * FRAME_SAMPLES - CONTEXT_SAMPLES;
        const to = Math.min(samples.length, from + width);
        if (from >= samples.length) return;
        batch.set(samples.subarray(Math.max(0, from), to), lane * width + Math.max(0, -from));
      });
      const output = await this.session.run({
        input: new ort.Tensor('float32', batch, [lanes, width]),
        state,
        sr: sampleRate,
      });
      const speech = output.output.data as Float32Array;
      frameOf.forEach((frame, lane) => {
        const own = frame >= firstFrames[lane] && frame < Math.min(frames, firstFrames[lane] + laneFrames);
        if (own) result[frame] = speech[lane];
      });
      state = output.stateN;
    }
    return result;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
