import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FaceBox, RgbFrame } from './detector.ts';

// BlazeFace through @vladmandic/human on the tfjs WASM backend (run on a thread of its own: human.ts). The models
// ship inside the human package and are read from disk: no network, no native addon.

const require = createRequire(import.meta.url);

interface WeightGroup {
  paths: string[];
  weights: unknown[];
}

interface HumanResult {
  face: { box: [number, number, number, number]; score: number }[];
}

export interface HumanInstance {
  load(): Promise<void>;
  detect(input: unknown): Promise<HumanResult>;
  tf: {
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  };
}

interface TfIo {
  registerLoadRouter(router: (url: string | string[]) => { load(): Promise<unknown> } | null): void;
  getModelArtifactsForJSON(
    json: unknown,
    loadWeights: (manifest: WeightGroup[]) => Promise<[unknown[], ArrayBuffer]>,
  ): Promise<unknown>;
}

const MODEL_SCHEME = 'file://';

/** Lets tfjs load `file://` model URLs from disk (tfjs-node does this natively; the WASM build does not). */
function registerFileModelLoader(io: TfIo): void {
  io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith(MODEL_SCHEME)) return null;
    const file = url.slice(MODEL_SCHEME.length);
    return {
      load: async () => {
        const json: unknown = JSON.parse(await readFile(file, 'utf8'));
        return io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs = manifest.flatMap((group) => group.weights);
          const parts = await Promise.all(
            manifest.flatMap((group) => group.paths.map((p) => readFile(path.join(path.dirname(file), p)))),
          );
          const all = Buffer.concat(parts);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  });
}

function humanConfig(modelDir: string, wasmDir: string) {
  const off = { enabled: false };
  return {
    backend: 'wasm',
    wasmPath: wasmDir,
    modelBasePath: `${MODEL_SCHEME}${modelDir}/`,
    debug: false,
    async: true,
    warmup: 'none',
    cacheSensitivity: 0,
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 6, minConfidence: 0.45, iouThreshold: 0.2, return: false },
      mesh: off,
      iris: off,
      attention: off,
      description: off,
      emotion: off,
      antispoof: off,
      liveness: off,
    },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
    filter: off,
  };
}

/** BlazeFace, loaded on the WASM runtime of the calling thread. */
export async function loadHuman(): Promise<HumanInstance> {
  const humanDir = path.dirname(require.resolve('@vladmandic/human'));
  const modelDir = path.resolve(humanDir, '..', 'models');
  const wasmDir = `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`;
  const tf = require('@tensorflow/tfjs-core') as { io: TfIo };
  registerFileModelLoader(tf.io);
  const { Human } = require(path.join(humanDir, 'human.node-wasm.js')) as {
    Human: new (config: unknown) => HumanInstance & { models: { loaded(): string[] } };
  };
  const human = new Human(humanConfig(modelDir, wasmDir));
  await human.load();
  if (!human.models.loaded().some((name) => name.includes('blazeface') || name === 'facedetect'))
    throw new Error(`The face detection model could not be loaded from ${modelDir}`);
  return human;
}

/** The faces in one frame. */
export async function detectFaces(human: HumanInstance, frame: RgbFrame): Promise<FaceBox[]> {
  const tensor = human.tf.tensor3d(frame.data, [frame.height, frame.width, 3], 'int32');
  try {
    const result = await human.detect(tensor);
    return result.face.map((face) => ({
      x: face.box[0],
      y: face.box[1],
      width: face.box[2],
      height: face.box[3],
      score: face.score,
    }));
  } finally {
    tensor.dispose();
  }
}
