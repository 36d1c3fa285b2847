import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'vitest';
import type { ClipManifest } from '../../src/cli/clip.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Node flags that let a child process run the checkout's TypeScript. The loader is an absolute URL: a bare `tsx`
 * is resolved from the child's working directory, which in tests is often a temp dir with no node_modules above it.
 */
export const TYPESCRIPT_NODE_ARGS = ['--import', import.meta.resolve('tsx')];

/**
 * How tests run `clipforge` from the checkout: the TypeScript sources through tsx, so a test never runs a stale
 * build. The compiled package (bin/clipforge.js → dist/) is tested as installed, in test/package.e2e.test.ts.
 */
export const CLIPFORGE_ARGS = [...TYPESCRIPT_NODE_ARGS, path.join(REPO_ROOT, 'src/cli/main.ts')];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `clipforge <args>` as a user would, in its own process. */
export function runClipforge(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; command?: string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const command = options.command ?? [process.execPath, ...CLIPFORGE_ARGS];
    const child = spawn(command[0], [...command.slice(1), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `clipforge clip <video> --transcript <file> --layout fill --json` into `outDir`: the manifest, or the test fails. */
export async function clipWithTranscript(
  videoPath: string,
  transcriptPath: string,
  outDir: string,
): Promise<ClipManifest> {
  const result = await runClipforge([
    'clip',
    videoPath,
    '--transcript',
    transcriptPath,
    '--layout',
    'fill',
    '--out',
    outDir,
    '--json',
  ]);
  expect(result.stderr).not.toMatch(/Failed:/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ClipManifest;
}
