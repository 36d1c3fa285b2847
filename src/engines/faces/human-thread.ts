import { parentPort } from 'node:worker_threads';
import type { RgbFrame } from './detector.ts';
import type { ThreadMessage } from './human.ts';
import { detectFaces, loadHuman } from './human-model.ts';

// The face detection thread (human.ts starts it): BlazeFace on a WASM runtime of its own, answering the frames
// it is sent in the order they came, one at a time (the runtime runs one graph at a time).

const port = parentPort!;
const post = (message: ThreadMessage) => port.postMessage(message);

try {
  const human = await loadHuman();
  let detecting = Promise.resolve();
  port.on('message', (frame: RgbFrame) => {
    detecting = detecting.then(() =>
      detectFaces(human, frame).then(
        (faces) => post({ kind: 'faces', faces }),
        (error: unknown) => post({ kind: 'failed', message: (error as Error).message }),
      ),
    );
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: (error as Error).message });
}
