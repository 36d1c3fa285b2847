import { copyFile, rename, rm } from 'node:fs/promises';

// A finished file moved from a work folder into the folder it is served from: a rename where both are on one
// filesystem, else a copy under a temporary name renamed into place, so the target is only ever whole.

export async function moveFile(from: string, to: string): Promise<void> {
  if (from === to) return;
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const partial = `${to}.partial`;
    try {
      await copyFile(from, partial);
      await rename(partial, to);
    } finally {
      await rm(partial, { force: true });
    }
    await rm(from, { force: true });
  }
}
