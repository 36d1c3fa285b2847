import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UnreadableMediaError } from '../media/errors.ts';
import { probeMedia, type MediaProbe } from '../media/probe.ts';
import type { MediaTools } from '../media/tools.ts';
import { PipelineError } from '../domain/errors.ts';

// The asset catalogues on disk: <assetsDir>/<kind>/<name>.<ext>. Names are file names without the extension,
// exact and case-sensitive; durations are measured with ffprobe and remembered per file version.

export type AssetKind = 'music' | 'game-videos' | 'meme-hooks';
export const ASSET_KINDS: readonly AssetKind[] = ['music', 'game-videos', 'meme-hooks'];

export interface Asset {
  name: string;
  kind: AssetKind;
  path: string;
  duration: number;
}

const MEDIA_EXTENSIONS = ['mp4', 'mov', 'webm', 'mkv', 'mp3', 'm4a', 'wav', 'ogg', 'aac', 'flac'] as const;
const MEDIA_FILE = new RegExp(`\\.(${MEDIA_EXTENSIONS.join('|')})$`, 'i');
const probes = new Map<string, { mtimeMs: number; size: number; probe: MediaProbe | undefined }>();

async function probeCached(file: string, tools: MediaTools): Promise<MediaProbe | undefined> {
  const info = await stat(file);
  const cached = probes.get(file);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.probe;
  const probe = await probeMedia(file, tools).catch((error: unknown) => {
    if (error instanceof UnreadableMediaError) return undefined;
    throw error;
  });
  probes.set(file, { mtimeMs: info.mtimeMs, size: info.size, probe });
  return probe;
}

/** Every playable item of a catalogue, sorted by name; unreadable files are left out. */
export async function listAssets(assetsDir: string, kind: AssetKind, tools: MediaTools): Promise<Asset[]> {
  const dir = path.join(assetsDir, kind);
  const files = (await readdir(dir).catch(() => [] as string[]))
    .filter((file) => MEDIA_FILE.test(file) && !file.startsWith('.'))
    .sort();
  const items = await Promise.all(
    files.map(async (file) => {
      const probe = await probeCached(path.join(dir, file), tools);
      if (!probe || !usable(kind, probe)) return undefined;
      return { name: path.parse(file).name, kind, path: path.join(dir, file), duration: probe.duration };
    }),
  );
  return items.filter((item) => item !== undefined);
}

function usable(kind: AssetKind, probe: MediaProbe): boolean {
  return kind === 'music' ? Boolean(probe.audio) : Boolean(probe.video);
}

/** The item with exactly this name, or one at random when no name is given. */
export async function resolveAsset(
  assetsDir: string,
  kind: AssetKind,
  tools: MediaTools,
  name?: string,
  random: () => number = Math.random,
): Promise<Asset> {
  const items = await listAssets(assetsDir, kind, tools);
  if (items.length === 0)
    throw new PipelineError(`The ${kind} catalogue is empty; add files with \`clipforge assets add ${kind} <file>\``);
  if (name === undefined) return items[Math.floor(random() * items.length) % items.length];
  const found = items.find((item) => item.name === name);
  if (!found) {
    throw new PipelineError(
      `Unknown ${kind} name "${name}" (names are case-sensitive); available: ${items.map((item) => item.name).join(', ')}`,
    );
  }
  return found;
}

/** Why `name` cannot name an asset file, or undefined when it can. */
export function assetNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'the name is empty';
  if (name.length > 100) return 'the name is longer than 100 characters';
  if (/[/\\]/.test(name)) return 'the name may not contain / or \\';
  if (name.startsWith('.')) return 'the name may not start with a dot';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the name may not contain control characters';
  return undefined;
}

/** Checks a file fits the catalogue, then copies it in under `name` (default: its own name). */
export async function addAsset(
  assetsDir: string,
  kind: AssetKind,
  sourceFile: string,
  tools: MediaTools,
  name?: string,
): Promise<Asset> {
  const assetName = name ?? path.parse(sourceFile).name;
  const problem = assetNameProblem(assetName);
  if (problem) throw new PipelineError(`Cannot add "${assetName}": ${problem}`);
  const extension = path.extname(sourceFile).toLowerCase();
  if (!MEDIA_FILE.test(extension)) {
    throw new PipelineError(
      `Cannot add ${sourceFile}: the file name must end in one of ${MEDIA_EXTENSIONS.map((ext) => `.${ext}`).join(' ')}`,
    );
  }
  const probe = await probeMedia(sourceFile, tools).catch((error: unknown) => {
    if (!(error instanceof UnreadableMediaError)) throw error;
    throw new PipelineError(`Cannot add ${sourceFile}: not a readable media file`);
  });
  if (kind === 'music' && !probe.audio) throw new PipelineError(`Cannot add ${sourceFile}: music needs an audio stream`);
  if (kind !== 'music' && !probe.video) throw new PipelineError(`Cannot add ${sourceFile}: ${kind} need a video stream`);
  if (kind === 'meme-hooks' && (probe.duration < 2 || probe.duration > 5.05)) {
    throw new PipelineError(`Cannot add ${sourceFile}: a meme hook lasts 2–5 s (this one ${probe.duration.toFixed(1)} s)`);
  }
  const dir = path.join(assetsDir, kind);
  const taken = (await readdir(dir).catch(() => [] as string[])).some(
    (file) => MEDIA_FILE.test(file) && path.parse(file).name === assetName,
  );
  if (taken) throw new PipelineError(`The ${kind} catalogue already has "${assetName}"`);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, `${assetName}${extension}`);
  const partial = path.join(dir, `.${assetName}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    await copyFile(sourceFile, partial);
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return { name: assetName, kind, path: target, duration: probe.duration };
}
