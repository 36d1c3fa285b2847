import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PipelineError } from '../domain/errors.ts';
import { safeFetch } from '../net/safe-fetch.ts';

// whisper.cpp model files: where they come from, how big they are, and their published SHA-1 checksums.

export interface WhisperModel {
  name: string;
  file: string;
  sizeMB: number;
  sha1: string;
}

/** From whisper.cpp's models/README (ggml format, published on the ggerganov/whisper.cpp Hugging Face repository). */
export const WHISPER_MODELS: WhisperModel[] = [
  { name: 'tiny', file: 'ggml-tiny.bin', sizeMB: 75, sha1: 'bd577a113a864445d4c299885e0cb97d4ba92b5f' },
  { name: 'tiny.en', file: 'ggml-tiny.en.bin', sizeMB: 75, sha1: 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df' },
  { name: 'base', file: 'ggml-base.bin', sizeMB: 142, sha1: '465707469ff3a37a2b9b8d8f89f2f99de7299dac' },
  {
    name: 'base.en',
    file: 'ggml-base.en.bin',
    sizeMB: 142,
    sha1: '137c40403d78fd54d454da0f9bd998f78703390c',
  },
  { name: 'small', file: 'ggml-small.bin', sizeMB: 466, sha1: '55356645c2b361a969dfd0ef2c5a50d530afd8d5' },
  {
    name: 'small.en',
    file: 'ggml-small.en.bin',
    sizeMB: 466,
    sha1: 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022',
  },
  { name: 'medium', file: 'ggml-medium.bin', sizeMB: 1500, sha1: 'fd9727b6e1217c2f614f9b698455c4ffd82463b4' },
  {
    name: 'medium.en',
    file: 'ggml-medium.en.bin',
    sizeMB: 1500,
    sha1: '8c30f0e44ce9560643ebd10bbe50cd20eafd3723',
  },
  {
    name: 'large-v3',
    file: 'ggml-large-v3.bin',
    sizeMB: 2900,
    sha1: 'ad82bf6a9043ceed055076d0fd39f5f186ff8062',
  },
];

export const DEFAULT_MODEL_BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export function findWhisperModel(name: string): WhisperModel | undefined {
  return WHISPER_MODELS.find((model) => model.name === name);
}

export function modelPath(modelsDir: string, model: WhisperModel): string {
  return path.join(modelsDir, model.file);
}

export async function isModelInstalled(modelsDir: string, name: string): Promise<boolean> {
  const model = findWhisperModel(name);
  if (!model) return false;
  return access(modelPath(modelsDir, model)).then(
    () => true,
    () => false,
  );
}

export interface PullOptions {
  modelsDir: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number | undefined) => void;
  /** CLIPFORGE_MODELS_URL: a mirror holding the same file names */
  baseUrl?: string;
  /** CIDRs exempt from the private-address policy (CLIPFORGE_NETWORK_ALLOWLIST) */
  allowlist?: readonly string[];
  /** the catalogue to pull from (tests use their own) */
  catalogue?: readonly WhisperModel[];
}

/** The model could not be fetched (no network, refused, an HTTP error) or its bytes were not the published ones. */
export class ModelDownloadError extends PipelineError {
  override readonly name: string = 'ModelDownloadError';
}

export class ModelChecksumError extends ModelDownloadError {
  override readonly name = 'ModelChecksumError';
}

export function modelUrl(model: WhisperModel, baseUrl = DEFAULT_MODEL_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/${model.file}`;
}

/** The bytes already downloaded into `file` and their running hash (empty when there is no such file). */
async function resumePoint(file: string): Promise<{ bytes: number; hash: Hash }> {
  const hash = createHash('sha1');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return { bytes: 0, hash: createHash('sha1') };
  }
  return { bytes, hash };
}

/** The whole file's size from a 206's Content-Range ("bytes 100-999/1000") or a 200's Content-Length. */
export function totalSize(status: number, headers: IncomingHttpHeaders, offset: number): number | undefined {
  if (status === 206) {
    const total = /\/(\d+)$/.exec(String(headers['content-range'] ?? ''));
    if (total) return Number(total[1]);
  }
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > 0 ? length + (status === 206 ? offset : 0) : undefined;
}

/**
 * Downloads a model into `<file>.part`, resuming a transfer that was cut (an HTTP Range request for the rest),
 * checks the whole file against the SHA-1 whisper.cpp publishes for it, then moves it into place. A cut
 * transfer keeps its `.part` for the next attempt; a file with the wrong checksum is removed.
 */
export async function pullModel(name: string, options: PullOptions): Promise<string> {
  const catalogue = options.catalogue ?? WHISPER_MODELS;
  const model = catalogue.find((candidate) => candidate.name === name);
  if (!model) {
    throw new Error(`Unknown model "${name}"; choose one of: ${catalogue.map((m) => m.name).join(', ')}`);
  }
  await mkdir(options.modelsDir, { recursive: true });
  const target = modelPath(options.modelsDir, model);
  // one download of a model at a time, across processes: the others wait for it and use its file
  const release = await lockModel(target, options.signal);
  try {
    if (await exists(target)) return target;
    return await download(model, target, options);
  } finally {
    await release();
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** How often a download's lock file is touched, and how long untouched before another host may take it over. */
export const MODEL_LOCK_TIMING = { heartbeatMs: 5_000, staleMs: 60_000, pollMs: 200 };

interface LockOwner {
  pid: number;
  host: string;
}

/** A lock nobody holds any more: its process is gone (same host), or it has not been touched for a while. */
async function isStale(lock: string): Promise<boolean> {
  let touched: number;
  try {
    touched = (await stat(lock)).mtimeMs;
  } catch {
    return false; // given up just now: try to take it
  }
  // an owner writes its id right after creating the file: an empty or partial one is judged by its age alone
  const owner = await readFile(lock, 'utf8')
    .then((text) => JSON.parse(text) as LockOwner)
    .catch(() => undefined);
  if (owner?.host === os.hostname() && Number.isInteger(owner.pid)) {
    try {
      process.kill(owner.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    }
  }
  return Date.now() - touched > MODEL_LOCK_TIMING.staleMs;
}

/**
 * Takes `<model>.lock` (created exclusively, holding this process's id and host), waiting while another process
 * holds it; a lock left by a process that died is taken over. The lock is touched while held; the returned
 * function gives it up.
 */
async function lockModel(target: string, signal?: AbortSignal): Promise<() => Promise<void>> {
  const lock = `${target}.lock`;
  const owner: LockOwner = { pid: process.pid, host: os.hostname() };
  for (;;) {
    signal?.throwIfAborted();
    try {
      const handle = await open(lock, 'wx');
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lock)) {
      await rm(lock, { force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, MODEL_LOCK_TIMING.pollMs));
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lock, now, now).catch(() => undefined);
  }, MODEL_LOCK_TIMING.heartbeatMs);
  heartbeat.unref();
  return async () => {
    clearInterval(heartbeat);
    await rm(lock, { force: true });
  };
}

async function download(model: WhisperModel, target: string, options: PullOptions): Promise<string> {
  const partial = `${target}.part`;
  const url = modelUrl(model, options.baseUrl);
  let resume = await resumePoint(partial);
  let response;
  try {
    response = await safeFetch(url, {
      allowlist: options.allowlist,
      signal: options.signal,
      headers: resume.bytes > 0 ? { Range: `bytes=${resume.bytes}-` } : {},
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ModelDownloadError(`${url} could not be reached: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (response.status === 200 || response.status === 416) {
    // the server sent the whole file (no Range support), or the part is unusable: start again
    resume = { bytes: 0, hash: createHash('sha1') };
  }
  if (response.status !== 200 && response.status !== 206) {
    response.body.resume();
    if (response.status === 416) await rm(partial, { force: true });
    throw new ModelDownloadError(`Download of ${model.file} failed: HTTP ${response.status} from ${url}`);
  }
  const total = totalSize(response.status, response.headers, resume.bytes);
  let received = resume.bytes;
  const { hash } = resume;
  // each chunk is on disk before the next is read, so a cut transfer leaves every byte it received
  const file = await open(partial, resume.bytes > 0 ? 'a' : 'w');
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      await file.write(chunk);
      hash.update(chunk);
      received += chunk.length;
      options.onProgress?.(received, total);
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ModelDownloadError(
      `Download of ${model.file} was cut at ${received} bytes (run it again to resume): ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await file.close();
  }
  if (total !== undefined && received < total) {
    throw new ModelDownloadError(
      `Download of ${model.file} was cut at ${received} of ${total} bytes (run it again to resume)`,
    );
  }
  const digest = hash.digest('hex');
  if (digest !== model.sha1) {
    await rm(partial, { force: true });
    throw new ModelChecksumError(
      `Checksum mismatch for ${model.file} from ${url}: expected SHA-1 ${model.sha1}, got ${digest}; the file was removed`,
    );
  }
  await rename(partial, target);
  return target;
}
