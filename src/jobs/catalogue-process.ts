import { mediaTools } from '../media/tools.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import type { CatalogueSpec, FromCatalogueProcess } from './messages.ts';

// The catalogue process: started by `serve` (see catalogue-maker.ts), it makes the template previews and the
// built-in assets once, reports, and exits. If `serve` goes away, so does this.

const report = (message: FromCatalogueProcess) => process.send?.(message, () => process.disconnect());

process.once('message', (spec: CatalogueSpec) => {
  new CatalogueFiles(spec.config, mediaTools(spec.config), spec.filesDir).prepare().then(
    ({ assetsMade }) => report({ type: 'made', assetsMade }),
    (error: unknown) =>
      report({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});

process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole foreground process group; `serve` shuts down, and this dies with it
process.on('SIGINT', () => undefined);
