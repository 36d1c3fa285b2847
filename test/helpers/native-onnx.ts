import { NATIVE_RUNTIME_INSTALL, nativeRuntimeEntry } from '../../src/engines/onnx-runtime.ts';

// onnxruntime-node is no dependency of ClipForge, not even a dev one (its install script fetches CUDA libraries
// from outside the npm registry unless told to skip them): the tests that compare it with the WebAssembly runtime
// run where a developer installed it by hand, and are skipped, saying so, everywhere else.

export const nativeRuntimeMissing = nativeRuntimeEntry() === undefined;

/** Appended to the name of a test that needs onnxruntime-node, so a skipped run says why and how to run it. */
export const NATIVE_RUNTIME_NOTE = nativeRuntimeMissing
  ? ` [skipped: onnxruntime-node is not installed; ${NATIVE_RUNTIME_INSTALL} --no-save runs it]`
  : '';
