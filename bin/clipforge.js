#!/usr/bin/env node
// The installed command runs the compiled JavaScript in dist/ (`npm run build`, done by `prepack`).
// In a checkout, `npm run clipforge -- <args>` runs the TypeScript sources through tsx instead.
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);

try {
  await import(entry.href);
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(entry))) {
    process.stderr.write(
      'clipforge is not built: run `npm run build` first, or `npm run clipforge -- <command>` in a checkout\n',
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
}
