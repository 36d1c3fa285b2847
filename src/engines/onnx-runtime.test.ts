import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_RUNTIME_NOTE, nativeRuntimeMissing } from '../../test/helpers/native-onnx.ts';
import {
  chooseOnnxRuntime,
  NATIVE_RUNTIME_INSTALL,
  nativeRuntimeEntry,
  onnxRuntimeSetting,
} from './onnx-runtime.ts';

// Which ONNX runtime CLIPFORGE_ONNX_RUNTIME picks, where onnxruntime-node is installed beside ClipForge, and where
// it is not: the search for it starts from a folder of a made-up install layout.

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cf-onnx-runtime-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A file of a clipforge installed globally under `prefix` (its compiled onnx-runtime.js need not be there). */
const globalClipforgeFile = (prefix: string) =>
  path.join(root, prefix, 'lib', 'node_modules', 'clipforge', 'dist', 'engines', 'onnx-runtime.js');

describe('CLIPFORGE_ONNX_RUNTIME', () => {
  it('is auto when unset or empty, and refuses what it does not know, naming the variable', () => {
    expect(onnxRuntimeSetting({})).toBe('auto');
    expect(onnxRuntimeSetting({ CLIPFORGE_ONNX_RUNTIME: '' })).toBe('auto');
    expect(onnxRuntimeSetting({ CLIPFORGE_ONNX_RUNTIME: ' native ' })).toBe('native');
    expect(onnxRuntimeSetting({ CLIPFORGE_ONNX_RUNTIME: 'wasm' })).toBe('wasm');
    expect(() => onnxRuntimeSetting({ CLIPFORGE_ONNX_RUNTIME: 'cuda' })).toThrow(
      /CLIPFORGE_ONNX_RUNTIME: "cuda" is not one of auto, wasm, native/,
    );
  });

  it('wasm: the WebAssembly build', async () => {
    const runtime = await chooseOnnxRuntime('wasm');
    expect(runtime.kind).toBe('wasm');
    expect(runtime.name).toBe('onnxruntime-web 1.31.1');
  });

  it('without onnxruntime-node beside ClipForge: auto is WebAssembly, native says how to install it', async () => {
    const from = globalClipforgeFile('bare');
    expect(nativeRuntimeEntry(from)).toBeUndefined();
    const auto = await chooseOnnxRuntime('auto', from);
    expect(auto.kind).toBe('wasm');
    expect(auto.nativeFailure).toBeUndefined();
    const native = chooseOnnxRuntime('native', from);
    await expect(native).rejects.toThrow(/onnxruntime-node is not installed beside ClipForge/);
    await expect(native).rejects.toThrow(NATIVE_RUNTIME_INSTALL);
  });
});

describe.skipIf(nativeRuntimeMissing)(`onnxruntime-node beside ClipForge${NATIVE_RUNTIME_NOTE}`, () => {
  const installed = () => path.dirname(path.dirname(nativeRuntimeEntry()!));

  it('is what auto picks, at the version whose scores are checked against WebAssembly', async () => {
    const runtime = await chooseOnnxRuntime('auto');
    expect(runtime.kind).toBe('native');
    expect(runtime.name).toBe('onnxruntime-node 1.31.1');
    expect(process.env.ORT_DISABLE_TELEMETRY).toBe('1');
  });

  it('is found beside a global clipforge (npm install -g puts both in one node_modules)', async () => {
    const from = globalClipforgeFile('global');
    await mkdir(path.dirname(from), { recursive: true });
    await symlink(installed(), path.join(root, 'global', 'lib', 'node_modules', 'onnxruntime-node'));
    expect(nativeRuntimeEntry(from)).toBe(nativeRuntimeEntry());
    expect((await chooseOnnxRuntime('native', from)).kind).toBe('native');
  });

  it('installed without its native library: auto falls back to WebAssembly and says why, native fails', async () => {
    // the package's JavaScript without bin/, as an install for another platform would leave it
    const from = globalClipforgeFile('broken');
    const modules = path.join(root, 'broken', 'lib', 'node_modules');
    await mkdir(path.dirname(from), { recursive: true });
    for (const part of ['package.json', 'dist'])
      await cp(path.join(installed(), part), path.join(modules, 'onnxruntime-node', part), {
        recursive: true,
      });
    await symlink(
      path.join(path.dirname(installed()), 'onnxruntime-common'),
      path.join(modules, 'onnxruntime-common'),
    );
    const auto = await chooseOnnxRuntime('auto', from);
    expect(auto.kind).toBe('wasm');
    expect(auto.nativeFailure).toMatch(/onnxruntime-node at .*broken.* could not be loaded/);
    await expect(chooseOnnxRuntime('native', from)).rejects.toThrow(
      /onnxruntime_binding\.node'\. Install it next to ClipForge \(npm install onnxruntime-node/,
    );
  });
});
