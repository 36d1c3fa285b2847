import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The code that makes the built-in assets: a change to any of it makes them again, into a directory of its own. */
const RECIPES = [
  'src/assets/builtin.ts',
  'src/media/generator-args.ts',
  'src/media/encode.ts',
  'src/media/progress.ts',
];

const recipesVersion = RECIPES.reduce(
  (hash, file) => hash.update(readFileSync(new URL(`../../${file}`, import.meta.url))),
  createHash('sha256'),
)
  .digest('hex')
  .slice(0, 12);

/**
 * Built-in catalogue assets for every test process, made by the global set-up with ensureBuiltinAssets (which
 * skips files in place): once per machine and version of their recipes.
 */
export const TEST_ASSETS_DIR = path.join(os.tmpdir(), `clipforge-test-assets-${recipesVersion}`);
