import type { Config } from '../config.ts';
import { CancelledError } from '../domain/errors.ts';
import type { Logger } from '../domain/logger.ts';
import { startBackgroundNode } from './background-node.ts';
import type { FromCatalogueProcess, ToCatalogueProcess } from './messages.ts';

/** How long the catalogue process may take to stop its tool and tidy up before it is killed. */
const STOP_GRACE_MS = 10_000;

export interface CatalogueMaking {
  /** the built-in assets made, once every file is in place; a CancelledError after stop() */
  done: Promise<{ assetsMade: string[] }>;
  /** stops the making (its partial files removed) and resolves once the process has exited */
  stop(): Promise<void>;
  /** while a job runs (true), the process starts no new file; false lets it go on */
  holdForJobs(jobRunning: boolean): void;
}

/**
 * Makes the catalogue files (template previews, built-in assets and their served copies) in a background
 * process, so that not one of the tools they take is started from, or competes with, the event loop that
 * serves HTTP. Jobs come first: holdForJobs(true) makes it wait between files until holdForJobs(false).
 */
export function makeCatalogueInBackground(config: Config, filesDir: string, log: Logger): CatalogueMaking {
  const child = startBackgroundNode('catalogue-process', config.backgroundNiceness, log, 'catalogue process');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  const done = new Promise<{ assetsMade: string[] }>((resolve, reject) => {
    child.once('message', (message: FromCatalogueProcess) => {
      if (message.type === 'made') resolve({ assetsMade: message.assetsMade });
      else reject(new Error(message.message));
    });
    child.once('exit', (code, signal) =>
      reject(
        stopping
          ? new CancelledError()
          : new Error(`the catalogue process exited before it was done (${signal ?? `code ${code}`})`),
      ),
    );
  });
  const send = (message: ToCatalogueProcess) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'make', config, filesDir });
  return {
    done,
    holdForJobs: (jobRunning) => send({ type: jobRunning ? 'pause' : 'resume' }),
    stop: async () => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}
