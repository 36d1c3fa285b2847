import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Files shipped beside the code. This module sits one level below the package root both as source (src/) and
// compiled (dist/), so the same relative path finds them in a checkout and in an installed package.

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A file or directory of the package, e.g. packageFile('assets', 'sample', 'face.jpg'). */
export function packageFile(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}

export const VERSION: string = (
  JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }
).version;
