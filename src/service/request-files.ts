import { rm } from 'node:fs/promises';
import path from 'node:path';
import { requestFilesPrefix, requestWorkPrefix, servedFileKey } from '../storage/storage.ts';
import { removeJobScratch } from '../pipeline/short-render.ts';
import type { ServiceContext } from './context.ts';

// Where a request's files are: its rendered files and checkpoints in storage, and this host's folders of it
// (with shared storage, scratch: the job's work and the shorts before they go up).

type FilesContext = Pick<ServiceContext, 'storage' | 'filesDir' | 'workDir'>;

/** This host's folders of the request: its work folder and its rendered files. */
export function localFoldersOf(ctx: FilesContext, requestId: string) {
  return { workDir: path.join(ctx.workDir, requestId), outDir: path.join(ctx.filesDir, requestId) };
}

/** Removes every file of the request, in storage and on this host. */
export async function removeRequestFiles(ctx: FilesContext, requestId: string): Promise<void> {
  const { workDir, outDir } = localFoldersOf(ctx, requestId);
  await Promise.all([
    ctx.storage.deletePrefix(requestFilesPrefix(requestId)),
    ctx.storage.deletePrefix(requestWorkPrefix(requestId)),
    rm(workDir, { recursive: true, force: true }),
    rm(outDir, { recursive: true, force: true }),
  ]);
}

/**
 * Removes what a completed request no longer needs: its audio and tightened footage and, with shared storage,
 * this host's copies of its shorts. Its analysis (the checkpoints and the source) stays, for re-renders of its
 * shorts; it goes with the request (removeRequestFiles), by DELETE or retention.
 */
export async function removeScratchFiles(ctx: FilesContext, requestId: string): Promise<void> {
  const { workDir, outDir } = localFoldersOf(ctx, requestId);
  await Promise.all([
    removeJobScratch(workDir),
    ctx.storage.shared ? rm(outDir, { recursive: true, force: true }) : undefined,
  ]);
}

/** Removes the files of a short that a re-render replaced, in storage and on this host. */
export async function removeShortFiles(ctx: FilesContext, files: readonly string[]): Promise<void> {
  await Promise.all(
    files.flatMap((file) => [
      ctx.storage.deletePrefix(servedFileKey(file)),
      rm(path.join(ctx.filesDir, file), { force: true }),
    ]),
  );
}
