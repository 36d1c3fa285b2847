import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveFile } from './move-file.ts';

// Moves within one filesystem, and across two (the work folder on one disk, the served files on another): the
// file arrives whole and leaves nothing behind.

const OTHER_FILESYSTEM = '/dev/shm';
const dirs: string[] = [];
let work: string;
let served: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'cf-move-work-'));
  served = await mkdtemp(path.join(os.tmpdir(), 'cf-move-served-'));
  dirs.push(work, served);
});
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('moving a finished file', () => {
  it('renames it within a filesystem', async () => {
    await writeFile(path.join(work, 'a.mp4'), 'short');
    await moveFile(path.join(work, 'a.mp4'), path.join(served, 'a.mp4'));
    expect(await readFile(path.join(served, 'a.mp4'), 'utf8')).toBe('short');
    expect(existsSync(path.join(work, 'a.mp4'))).toBe(false);
  });

  it.skipIf(!existsSync(OTHER_FILESYSTEM))('copies it whole across filesystems', async () => {
    const elsewhere = await mkdtemp(path.join(OTHER_FILESYSTEM, 'cf-move-'));
    dirs.push(elsewhere);
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7);
    await writeFile(path.join(elsewhere, 'b.mp4'), bytes);
    await moveFile(path.join(elsewhere, 'b.mp4'), path.join(served, 'b.mp4'));
    expect((await readFile(path.join(served, 'b.mp4'))).equals(bytes)).toBe(true);
    expect(await readdir(elsewhere)).toEqual([]);
    expect((await readdir(served)).filter((name) => name.startsWith('b.'))).toEqual(['b.mp4']);
  });

  it('fails on a file that is not there, creating nothing', async () => {
    await expect(moveFile(path.join(work, 'missing.mp4'), path.join(served, 'c.mp4'))).rejects.toThrow();
    expect(existsSync(path.join(served, 'c.mp4'))).toBe(false);
  });
});
