import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProcessError, runProcess } from '../media/process.ts';
import type { Config } from '../config.ts';
import type { WhisperGpu } from '../engines/transcription/whisper.ts';
import type { DoctorProbe } from './checks.ts';

// The real machine, as `clipforge doctor` sees it.

const TIMEOUT_MS = 15_000;

async function run(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await runProcess(command, args, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { found: true, ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    if (error instanceof ProcessError) {
      return { found: error.code !== null, ok: false, output: error.stderr };
    }
    return { found: true, ok: false, output: (error as Error).message };
  }
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function which(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** A directory that does not exist yet is writable when its nearest existing ancestor is a writable directory. */
async function writable(dir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  let current = path.resolve(dir);
  for (;;) {
    const found = await stat(current).catch(() => undefined);
    if (found) {
      if (!found.isDirectory()) return { ok: false, reason: `${current} is not a directory` };
      try {
        await access(current, constants.W_OK);
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `${current} is not writable (${(error as NodeJS.ErrnoException).code})` };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return { ok: false, reason: 'no existing parent directory' };
    current = parent;
  }
}

async function queryDatabase(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? 'unknown version';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Loads the whisper.cpp build; undefined when it loads, else why not. */
async function whisperBinding(gpu: WhisperGpu): Promise<string | undefined> {
  const { loadWhisperBinding } = await import('../engines/transcription/whisper.ts');
  try {
    loadWhisperBinding(gpu);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function onnxRuntime() {
  const { loadOnnxRuntime } = await import('../engines/onnx-runtime.ts');
  return loadOnnxRuntime();
}

async function headBucket(config: Config): Promise<void> {
  const { openS3Storage } = await import('../storage/s3.ts');
  await openS3Storage(config).reachable(AbortSignal.timeout(TIMEOUT_MS));
}

export const machineProbe: DoctorProbe = {
  run,
  which,
  exists,
  writable,
  queryDatabase,
  headBucket,
  whisperBinding,
  onnxRuntime,
};
