import { link, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ASSET_KINDS } from '../../src/assets/library.ts';
import { TEST_ASSETS_DIR } from './test-assets.ts';

/**
 * A new assets dir holding the shared built-ins (hard links) but no template previews, for a test of what a
 * fresh install does while its previews are made.
 */
export async function builtinsWithoutPreviews(dir: string): Promise<string> {
  for (const kind of ASSET_KINDS) {
    await mkdir(path.join(dir, kind), { recursive: true });
    for (const file of await readdir(path.join(TEST_ASSETS_DIR, kind)))
      await link(path.join(TEST_ASSETS_DIR, kind, file), path.join(dir, kind, file));
  }
  return dir;
}
