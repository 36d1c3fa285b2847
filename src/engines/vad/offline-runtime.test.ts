import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TYPESCRIPT_NODE_ARGS } from '../../../test/helpers/cli.ts';
import { afterAll, describe, expect, it } from 'vitest';

// Loading and running the VAD writes nothing outside ClipForge: no device id in the user's cache, no session files
// in TMPDIR, nothing that could be uploaded (onnxruntime-node 1.29+ did all three; the WebAssembly build has no
// telemetry at all).

const sileroModule = path.join(import.meta.dirname, 'silero.ts');

describe('the VAD runtime', () => {
  let root: string | undefined;
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it('writes nothing outside ClipForge when it loads and runs', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cf-ort-'));
    const script = `const { SileroVad } = await import(${JSON.stringify(sileroModule)}); const vad = await SileroVad.load(); await vad.probabilities(new Float32Array(16000)); await vad.close();`;
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
        },
      },
    );
    const left = await readdir(root, { recursive: true });
    expect(left).toEqual([]);
  });
});
