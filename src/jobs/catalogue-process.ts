import { mediaTools } from '../media/tools.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import type { CatalogueSpec, FromCatalogueProcess } from './messages.ts';

// The catalogue process: started by `serve` (see catalogue-maker.ts), it makes the template previews and the
// built-in assets once, reports, and exits. When `serve` closes the channel (it is shutting down, or gone), the
// tool at work is stopped, its partial file removed, and this exits.

const stop = new AbortController();
let making: Promise<unknown> = Promise.resolve();

const report = (message: FromCatalogueProcess) => {
  if (process.connected) process.send?.(message, () => process.disconnect());
};

process.once('message', (spec: CatalogueSpec) => {
  making = new CatalogueFiles(spec.config, mediaTools(spec.config), spec.filesDir).makeHere(stop.signal).then(
    ({ assetsMade }) => report({ type: 'made', assetsMade }),
    (error: unknown) =>
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => {
  stop.abort();
  void making.finally(() => process.exit(0));
});
// Ctrl-C reaches the whole foreground process group; `serve` decides, and closes the channel
process.on('SIGINT', () => undefined);
