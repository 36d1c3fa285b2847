import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TYPESCRIPT_NODE_ARGS } from '../../../test/helpers/cli.ts';
import { NATIVE_RUNTIME_NOTE, nativeRuntimeMissing } from '../../../test/helpers/native-onnx.ts';
import { afterAll, describe, expect, it } from 'vitest';

// Loading and running the ONNX models writes nothing outside ClipForge: no device id in the user's cache, no
// session files in TMPDIR, nothing that could be uploaded. The WebAssembly build has no telemetry at all;
// onnxruntime-node (1.29 on) does all three unless the process's environment switches it off before the runtime
// loads, also where it loads on the active-speaker model's scoring threads.

const sileroModule = path.join(import.meta.dirname, 'silero.ts');
const lrAsdModule = path.join(import.meta.dirname, '..', 'speakers', 'lr-asd.ts');

describe('the ONNX runtimes', () => {
  const roots: string[] = [];
  afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

  /** What a fresh process running `script` with CLIPFORGE_ONNX_RUNTIME=`runtime` leaves in its HOME and TMPDIR. */
  async function filesLeftBy(script: string, runtime: string): Promise<string[]> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'cf-ort-'));
    roots.push(root);
    await promisify(execFile)(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, '--input-type=module', '-e', script],
      {
        env: {
          PATH: process.env.PATH,
          HOME: path.join(root, 'home'),
          XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
          TMPDIR: root,
          TSX_DISABLE_CACHE: '1',
          CLIPFORGE_ONNX_RUNTIME: runtime,
        },
      },
    );
    return readdir(root, { recursive: true });
  }

  it('WebAssembly: writes nothing outside ClipForge when the VAD loads and runs', async () => {
    const script = `const { SileroVad } = await import(${JSON.stringify(sileroModule)}); const vad = await SileroVad.load(); await vad.probabilities(new Float32Array(16000)); await vad.close();`;
    expect(await filesLeftBy(script, 'wasm')).toEqual([]);
  });

  it.skipIf(nativeRuntimeMissing)(
    `onnxruntime-node: writes nothing outside ClipForge when the scoring threads, then the VAD, load and run${NATIVE_RUNTIME_NOTE}`,
    async () => {
      // the scoring threads first: no runtime has loaded in the main thread before them
      const script = `const { LrAsd } = await import(${JSON.stringify(lrAsdModule)});
        const model = await LrAsd.load();
        await model.score({ crops: Array.from({ length: 25 }, () => new Uint8Array(112 * 112)), audio: new Int16Array(16000) });
        await model.close();
        const { SileroVad } = await import(${JSON.stringify(sileroModule)}); const vad = await SileroVad.load(); await vad.probabilities(new Float32Array(16000)); await vad.close();`;
      expect(await filesLeftBy(script, 'native')).toEqual([]);
    },
  );
});
