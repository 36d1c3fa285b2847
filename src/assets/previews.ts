import { randomBytes } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { thumbnailArgs } from '../media/render-args.ts';
import { runProcess } from '../media/process.ts';
import type { MediaTools } from '../media/tools.ts';
import type { Asset } from './library.ts';

// What the catalogues hand out for an asset: the file itself and, for videos, a still preview, both placed
// under the served files directory (the media by hard link where the file system allows, else a copy).

export interface PublishedAsset {
  /** paths relative to filesDir */
  media: string;
  preview?: string;
}

async function fresh(target: string, source: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(target).catch(() => undefined), stat(source)]);
  return a !== undefined && a.mtimeMs >= b.mtimeMs && a.size > 0;
}

/** Puts `source` at `target` (a hard link where the file system allows, else a copy) unless it is there already. */
export async function placeFresh(source: string, target: string): Promise<void> {
  if (!(await fresh(target, source))) await place(source, target);
}

async function place(source: string, target: string): Promise<void> {
  const partial = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  try {
    await link(source, partial).catch(() => copyFile(source, partial));
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}

/** Where an asset's files are served from, relative to filesDir, whether or not they are in place yet. */
export function publishedPaths(asset: Asset): PublishedAsset {
  const relativeDir = path.join('catalogue', asset.kind);
  const media = path.join(relativeDir, path.basename(asset.path));
  return asset.kind === 'music' ? { media } : { media, preview: path.join(relativeDir, `${asset.name}.jpg`) };
}

export async function publishAsset(
  asset: Asset,
  filesDir: string,
  tools: MediaTools,
  signal?: AbortSignal,
): Promise<PublishedAsset> {
  const paths = publishedPaths(asset);
  await mkdir(path.join(filesDir, path.dirname(paths.media)), { recursive: true });
  await placeFresh(asset.path, path.join(filesDir, paths.media));
  if (!paths.preview) return paths;
  const previewFile = path.join(filesDir, paths.preview);
  if (!(await fresh(previewFile, asset.path))) {
    const partial = `${previewFile}.${process.pid}-${randomBytes(4).toString('hex')}.partial.jpg`;
    try {
      await runProcess(tools.ffmpeg, thumbnailArgs(asset.path, Math.min(1, asset.duration / 2), partial, { width: 360, quality: 4 }), {
        signal,
      });
      await rename(partial, previewFile);
    } finally {
      await rm(partial, { force: true });
    }
  }
  return paths;
}
