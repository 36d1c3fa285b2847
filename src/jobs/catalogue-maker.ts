import type { Config } from '../config.ts';
import type { Logger } from '../pipeline/types.ts';
import { siblingEntry, startBackgroundNode } from './background-node.ts';
import type { CatalogueSpec, FromCatalogueProcess } from './messages.ts';

/**
 * Makes the catalogue files (template previews, built-in assets and their served copies) in a background
 * process, so that not one of the tools they take is started from, or competes with, the event loop that
 * serves HTTP. Resolves with the built-in assets made once every file is in place.
 */
export function makeCatalogueInBackground(
  config: Config,
  filesDir: string,
  log: Logger,
): Promise<{ assetsMade: string[] }> {
  return new Promise((resolve, reject) => {
    const child = startBackgroundNode(
      siblingEntry(import.meta.url, 'catalogue-process'),
      log,
      'catalogue process',
    );
    child.once('message', (message: FromCatalogueProcess) => {
      if (message.type === 'made') resolve({ assetsMade: message.assetsMade });
      else reject(new Error(message.message));
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`the catalogue process exited before it was done (${signal ?? `code ${code}`})`)),
    );
    child.send({ config, filesDir } satisfies CatalogueSpec);
  });
}
