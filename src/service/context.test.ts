import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
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
  it('is private to its user, with the embedded database inside; the signing key is in the database', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-private-'));
    const dataDir = path.join(dir, 'data');
    const ctx = await openServiceContext(loadConfig({ dataDir }, {}));
    const key = ctx.signingKey;
    await ctx.close();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await readdir(dataDir)).not.toContain('signing.key');
    const reopened = await openServiceContext(loadConfig({ dataDir }, {}));
    expect(reopened.signingKey).toBe(key);
    await reopened.close();
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'db'))).toBe(0o700);
    const open: string[] = [];
    for (const entry of await readdir(path.join(dataDir, 'db'), { recursive: true, withFileTypes: true })) {
      const file = path.join(entry.parentPath, entry.name);
      if ((await modeOf(file)) & 0o077) open.push(path.relative(dataDir, file));
    }
    expect(open).toEqual([]);
  }, 180_000);

  it('a data dir from before keeps the key in its signing.key, so the links it handed out still work', async () => {
    const dataDir = path.join(dir!, 'earlier');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dataDir, 'signing.key'), `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const ctx = await openServiceContext(loadConfig({ dataDir }, {}));
    await ctx.close();
    expect(ctx.signingKey).toBe('ab'.repeat(32));
  });
});
