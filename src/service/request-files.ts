import { rm } from 'node:fs/promises';
import path from 'node:path';
import { requestFilesPrefix, requestWorkPrefix } from '../storage/storage.ts';
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

/** Removes what a completed request no longer needs: its checkpoints and, with shared storage, this host's copies. */
export async function removeWorkFiles(ctx: FilesContext, requestId: string): Promise<void> {
  const { workDir, outDir } = localFoldersOf(ctx, requestId);
  await Promise.all([
    ctx.storage.deletePrefix(requestWorkPrefix(requestId)),
    rm(workDir, { recursive: true, force: true }),
    ctx.storage.shared ? rm(outDir, { recursive: true, force: true }) : undefined,
  ]);
}
