import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openServiceContext } from './context.ts';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('a new data directory', () => {
  it('is private to its user, with the embedded database and the signing key inside', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-private-'));
    const dataDir = path.join(dir, 'data');
    const ctx = await openServiceContext(loadConfig({ dataDir }, {}));
    await ctx.close();
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'db'))).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'signing.key'))).toBe(0o600);
    const open: string[] = [];
    for (const entry of await readdir(path.join(dataDir, 'db'), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if ((await modeOf(file)) & 0o077) open.push(path.relative(dataDir, file));
    }
    expect(open).toEqual([]);
  }, 60_000);
});
