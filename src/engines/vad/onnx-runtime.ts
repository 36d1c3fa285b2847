import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Ort from 'onnxruntime-web';

// ONNX Runtime Web's WebAssembly build on the CPU: a plain file read at run time, so installing ClipForge downloads
// nothing beyond the npm packages (onnxruntime-node fetches native libraries from outside the registry when it
// installs) and no telemetry client exists to switch off. The package ships browser variants ClipForge never runs
// (WebGPU, JSPI, asyncify: 145 MB), so the build copies the three files Node needs next to the compiled code
// (scripts/vendor-onnxruntime.ts); onnxruntime-common, which they import, is a dependency of its own.

export type OnnxRuntime = typeof Ort;

/** The files the Node build of onnxruntime-web loads. */
export const ONNX_RUNTIME_FILES = [
  'ort.node.min.mjs',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

/**
 * Where the runtime's files are: the copy the build puts in dist/vendor (the only one a packed install has),
 * else — running from the sources — the onnxruntime-web dev dependency.
 */
export function onnxRuntimeDir(): string {
  const vendored = fileURLToPath(new URL('../../vendor/onnxruntime-web/', import.meta.url));
  if (ONNX_RUNTIME_FILES.every((file) => existsSync(path.join(vendored, file)))) return vendored;
  const wasm = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  return path.dirname(wasm);
}

let loading: Promise<OnnxRuntime> | undefined;

/** The runtime, loaded once per process: one thread, no proxy worker, its .wasm read from disk. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  loading ??= (async () => {
    const dir = onnxRuntimeDir();
    const ort = (await import(pathToFileURL(path.join(dir, 'ort.node.min.mjs')).href)) as OnnxRuntime;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmPaths = {
      mjs: pathToFileURL(path.join(dir, 'ort-wasm-simd-threaded.mjs')).href,
      wasm: path.join(dir, 'ort-wasm-simd-threaded.wasm'),
    };
    ort.env.logLevel = 'error';
    return ort;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** A model's inference session on the runtime (WebAssembly, all graph optimisations); `what` names it in a failure. */
export async function loadOnnxSession(
  modelPath: string,
  what: string,
): Promise<{ ort: OnnxRuntime; session: Ort.InferenceSession }> {
  try {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    return { ort, session };
  } catch (error) {
    throw new Error(`The ${what} could not be loaded from ${modelPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
