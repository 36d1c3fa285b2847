import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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
  baseUrl?: string;
  /** the catalogue to pull from (tests use their own) */
  catalogue?: readonly WhisperModel[];
}

/** Downloads a model once: streamed to a temporary file, checked against its SHA-1, then moved into place. */
export async function pullModel(name: string, options: PullOptions): Promise<string> {
  const catalogue = options.catalogue ?? WHISPER_MODELS;
  const model = catalogue.find((candidate) => candidate.name === name);
  if (!model) {
    throw new Error(`Unknown model "${name}"; choose one of: ${catalogue.map((m) => m.name).join(', ')}`);
  }
  await mkdir(options.modelsDir, { recursive: true });
  const target = modelPath(options.modelsDir, model);
  const temporary = `${target}.part`;
  const url = `${(options.baseUrl ?? DEFAULT_MODEL_BASE_URL).replace(/\/+$/, '')}/${model.file}`;
  try {
    const response = await fetch(url, { signal: options.signal });
    if (!response.ok || !response.body)
      throw new Error(`Download of ${model.file} failed: HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || undefined;
    const hash = createHash('sha1');
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        received += chunk.length;
        options.onProgress?.(received, total);
        callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as never), meter, createWriteStream(temporary), {
      signal: options.signal,
    });
    const digest = hash.digest('hex');
    if (digest !== model.sha1) {
      throw new Error(`Checksum mismatch for ${model.file}: expected SHA-1 ${model.sha1}, got ${digest}`);
    }
    await rename(temporary, target);
    return target;
  } finally {
    await rm(temporary, { force: true });
  }
}
