import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import type * as Ort from 'onnxruntime-common';

// Which ONNX Runtime runs the models (Silero VAD, LR-ASD), chosen by CLIPFORGE_ONNX_RUNTIME:
// - wasm: ONNX Runtime Web's WebAssembly build on the CPU, the default one. It is a plain file read at run time, so
//   installing ClipForge downloads nothing beyond the npm packages and no telemetry client exists to switch off.
//   The package ships browser variants ClipForge never runs (WebGPU, JSPI, asyncify: 145 MB), so the build copies
//   the three files Node needs next to the compiled code (scripts/vendor-onnxruntime.ts); onnxruntime-common,
//   which they import, is a dependency of its own.
// - native: onnxruntime-node, about three times faster on the active-speaker model's 3D convolutions (AVX2 rather
//   than WebAssembly's SIMD), used only where the user installed it beside ClipForge. It is no dependency: its
//   install script fetches CUDA libraries from outside the npm registry unless told to skip them, and it weighs
//   294 MB.
// - auto: native where it can be loaded, else wasm.
// Both implement onnxruntime-common's API, so the sessions and tensors made here serve either.

export type OnnxRuntime = typeof Ort;
export type OnnxRuntimeKind = 'wasm' | 'native';

export const ONNX_RUNTIME_SETTINGS = ['auto', 'wasm', 'native'] as const;
export type OnnxRuntimeSetting = (typeof ONNX_RUNTIME_SETTINGS)[number];

/** The onnxruntime-node ClipForge is tested with: its scores match the WebAssembly build's (onnx-runtime.test.ts). */
export const NATIVE_RUNTIME_VERSION = '1.31.1';
export const NATIVE_RUNTIME_INSTALL = `npm install onnxruntime-node@${NATIVE_RUNTIME_VERSION} --onnxruntime-node-install=skip`;

/** CLIPFORGE_ONNX_RUNTIME, `auto` when unset. */
export function onnxRuntimeSetting(env: NodeJS.ProcessEnv = process.env): OnnxRuntimeSetting {
  const value = env.CLIPFORGE_ONNX_RUNTIME?.trim() || 'auto';
  if (!(ONNX_RUNTIME_SETTINGS as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid setting CLIPFORGE_ONNX_RUNTIME: "${value}" is not one of ${ONNX_RUNTIME_SETTINGS.join(', ')}`,
    );
  }
  return value as OnnxRuntimeSetting;
}

export interface LoadedOnnxRuntime {
  kind: OnnxRuntimeKind;
  ort: OnnxRuntime;
  /** e.g. "onnxruntime-node 1.31.1" */
  name: string;
  /** under `auto`: why onnxruntime-node, though installed, was not used */
  nativeFailure?: string;
}

/** The files the Node build of onnxruntime-web loads. */
export const ONNX_RUNTIME_FILES = [
  'ort.node.min.mjs',
  'ort-wasm-simd-threaded.mjs',
  'ort-wasm-simd-threaded.wasm',
];

/**
 * Where the WebAssembly runtime's files are: the copy the build puts in dist/vendor (the only one a packed install
 * has), else — running from the sources — the onnxruntime-web dev dependency.
 */
export function onnxRuntimeDir(): string {
  const vendored = fileURLToPath(new URL('../vendor/onnxruntime-web/', import.meta.url));
  if (ONNX_RUNTIME_FILES.every((file) => existsSync(path.join(vendored, file)))) return vendored;
  const wasm = createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm');
  return path.dirname(wasm);
}

/** One thread, no proxy worker, its .wasm read from disk. */
async function loadWasmRuntime(): Promise<LoadedOnnxRuntime> {
  const dir = onnxRuntimeDir();
  const ort = (await import(pathToFileURL(path.join(dir, 'ort.node.min.mjs')).href)) as OnnxRuntime;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = {
    mjs: pathToFileURL(path.join(dir, 'ort-wasm-simd-threaded.mjs')).href,
    wasm: path.join(dir, 'ort-wasm-simd-threaded.wasm'),
  };
  ort.env.logLevel = 'error';
  return { kind: 'wasm', ort, name: `onnxruntime-web ${ort.env.versions.web ?? ort.env.versions.common}` };
}

/**
 * onnxruntime-node (1.29 on) starts a telemetry client when it loads unless ORT_DISABLE_TELEMETRY is set: a
 * device id in the user's cache, session files in TMPDIR, usage events it tries to upload. The native library
 * reads the process's real environment, which only the main thread's process.env writes to (a worker's is a copy),
 * so the main thread sets it before any thread loads the runtime.
 */
export function keepNativeRuntimeOffline(): void {
  if (isMainThread) process.env.ORT_DISABLE_TELEMETRY = '1';
  else if (process.env.ORT_DISABLE_TELEMETRY !== '1') {
    throw new Error(
      "onnxruntime-node's telemetry was not switched off before this thread started (keepNativeRuntimeOffline)",
    );
  }
}

type NativeLoad = { loaded: LoadedOnnxRuntime } | { missing: string } | { broken: string };

/**
 * Where onnxruntime-node is, as Node finds it from ClipForge's own files: in ClipForge's node_modules, or beside
 * ClipForge (a project's node_modules, or the global one next to a global clipforge); undefined when it is not
 * installed. `from` is where the search starts.
 */
export function nativeRuntimeEntry(from: string = import.meta.url): string | undefined {
  try {
    return createRequire(from).resolve('onnxruntime-node');
  } catch {
    return undefined;
  }
}

export function loadNativeRuntime(from: string = import.meta.url): NativeLoad {
  const entry = nativeRuntimeEntry(from);
  if (!entry) return { missing: 'is not installed beside ClipForge' };
  try {
    keepNativeRuntimeOffline();
    const ort = createRequire(from)(entry) as OnnxRuntime;
    ort.env.logLevel = 'error';
    return { loaded: { kind: 'native', ort, name: `onnxruntime-node ${ort.env.versions.node}` } };
  } catch (error) {
    // the first line: a missing module's message goes on with its require stack
    return { broken: `at ${entry} could not be loaded: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** The runtime a setting names; `from` is where the search for onnxruntime-node starts. */
export async function chooseOnnxRuntime(
  setting: OnnxRuntimeSetting,
  from: string = import.meta.url,
): Promise<LoadedOnnxRuntime> {
  if (setting === 'wasm') return loadWasmRuntime();
  const native = loadNativeRuntime(from);
  if ('loaded' in native) return native.loaded;
  if (setting === 'native') {
    const why = 'missing' in native ? native.missing : native.broken;
    throw new Error(
      `CLIPFORGE_ONNX_RUNTIME=native, but onnxruntime-node ${why}. Install it next to ClipForge ` +
        `(${NATIVE_RUNTIME_INSTALL}, with -g beside a global clipforge), or unset CLIPFORGE_ONNX_RUNTIME`,
    );
  }
  const wasm = await loadWasmRuntime();
  return 'broken' in native ? { ...wasm, nativeFailure: `onnxruntime-node ${native.broken}` } : wasm;
}

const loading = new Map<OnnxRuntimeSetting, Promise<LoadedOnnxRuntime>>();

/** The runtime a setting names, loaded once per thread. */
export function loadOnnxRuntime(
  setting: OnnxRuntimeSetting = onnxRuntimeSetting(),
): Promise<LoadedOnnxRuntime> {
  let runtime = loading.get(setting);
  if (!runtime) {
    runtime = chooseOnnxRuntime(setting).catch((error: unknown) => {
      loading.delete(setting);
      throw error;
    });
    loading.set(setting, runtime);
  }
  return runtime;
}

/**
 * All graph optimisations on both. The native runtime gets one thread per session, as the WebAssembly one has:
 * ClipForge's own threads (scoring-threads.ts) decide how many cores the models use.
 */
function sessionOptions(kind: OnnxRuntimeKind): Ort.InferenceSession.SessionOptions {
  if (kind === 'wasm') return { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
  };
}

/** A model's inference session on the runtime the setting names; `what` names the model in a failure. */
export async function loadOnnxSession(
  modelPath: string,
  what: string,
  setting?: OnnxRuntimeSetting,
): Promise<{ ort: OnnxRuntime; session: Ort.InferenceSession; runtime: LoadedOnnxRuntime }> {
  try {
    const runtime = await loadOnnxRuntime(setting);
    const session = await runtime.ort.InferenceSession.create(modelPath, sessionOptions(runtime.kind));
    return { ort: runtime.ort, session, runtime };
  } catch (error) {
    throw new Error(`The ${what} could not be loaded from ${modelPath}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
