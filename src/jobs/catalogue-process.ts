import { mediaTools } from '../media/tools.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import type { FromCatalogueProcess, ToCatalogueProcess } from './messages.ts';

// The catalogue process: started by `serve` (see catalogue-maker.ts), it makes the template previews and the
// built-in assets once, reports, and exits. Jobs come first: while `serve` says a job is running, it starts no
// new file (the one at work finishes). When `serve` closes the channel (it is shutting down, or gone), the tool
// at work is stopped, its partial file removed, and this exits.

const stop = new AbortController();
let making: Promise<unknown> | undefined;
let paused = false;
let waiting: Array<() => void> = [];

const release = () => {
  for (const resume of waiting) resume();
  waiting = [];
};

/** Resolves once no job is running (or at once when stopping, so the maker sees the abort). */
const noJobRunning = () =>
  paused && !stop.signal.aborted ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve();

const report = (message: FromCatalogueProcess) => {
  if (process.connected) process.send?.(message, () => process.disconnect());
};

process.on('message', (message: ToCatalogueProcess) => {
  if (message.type === 'pause') paused = true;
  if (message.type === 'resume') {
    paused = false;
    release();
  }
  if (message.type !== 'make' || making) return;
  const files = new CatalogueFiles(message.config, mediaTools(message.config), message.filesDir);
  making = files.makeHere(stop.signal, noJobRunning).then(
    ({ assetsMade }) => report({ type: 'made', assetsMade }),
    (error: unknown) =>
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => {
  stop.abort();
  release();
  void (making ?? Promise.resolve()).finally(() => process.exit(0));
});
// Ctrl-C reaches the whole foreground process group; `serve` decides, and closes the channel
process.on('SIGINT', () => undefined);
