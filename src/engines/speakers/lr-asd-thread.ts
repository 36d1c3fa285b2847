import { parentPort, workerData } from 'node:worker_threads';
import { loadOnnxSession } from '../onnx-runtime.ts';
import { CROP_SIZE } from './face-crop.ts';
import { MFCC_COEFFICIENTS } from './mfcc.ts';
import type { ModelWindow, ThreadMessage, ThreadSetup } from './scoring-threads.ts';

// One scoring thread (scoring-threads.ts starts it): the active-speaker model on an ONNX runtime of its own
// (onnx-runtime.ts), scoring the windows it is sent one at a time.

const port = parentPort!;
const post = (message: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const { modelPath, runtime } = workerData as ThreadSetup;
  const { ort, session } = await loadOnnxSession(modelPath, 'active-speaker model', runtime);
  port.on('message', (window: ModelWindow) => {
    session
      .run({
        audio: new ort.Tensor('float32', window.audio, [
          1,
          window.audio.length / MFCC_COEFFICIENTS,
          MFCC_COEFFICIENTS,
        ]),
        video: new ort.Tensor('float32', window.video, [1, window.frames, CROP_SIZE, CROP_SIZE]),
      })
      .then(
        (output) => {
          const scores = Float32Array.from(output.score.data as Float32Array);
          post({ kind: 'scores', scores }, [scores.buffer]);
        },
        (error: unknown) => post({ kind: 'failed', message: (error as Error).message }),
      );
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
}
