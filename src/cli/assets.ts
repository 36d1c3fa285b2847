import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBuiltinAssets } from '../assets/builtin.ts';
import { addAsset, ASSET_KINDS, listAssets, type AssetKind } from '../assets/library.ts';
import { loadConfig } from '../config.ts';
import { shareAsset } from '../assets/shared.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import { openStorage } from '../storage/open.ts';
import { dataPaths } from '../service/context.ts';
import { mediaTools } from '../media/tools.ts';
import { assetsDir } from '../pipeline/run.ts';

const USAGE = `Usage: clipforge assets list [${ASSET_KINDS.join('|')}]
       clipforge assets add <${ASSET_KINDS.join('|')}> <file> [--name <name>]
       clipforge assets build        make the built-in assets and template previews now (serve makes them at start)
Options: --data-dir <dir> (assets live in <dir>/assets unless CLIPFORGE_ASSETS_DIR is set)`;

const isKind = (value: string | undefined): value is AssetKind =>
  value !== undefined && (ASSET_KINDS as readonly string[]).includes(value);

export async function assetsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, name: { type: 'string' } },
  });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const dir = assetsDir(config);
  const tools = mediaTools(config);
  const [action, kind, file] = positionals;
  try {
    if (action === 'build') {
      const { filesDir } = dataPaths(config);
      const { assetsMade } = await new CatalogueFiles(config, tools, filesDir).prepare();
      process.stdout.write(
        `${assetsMade.length} built-in assets made; all are in ${dir}; template previews are in ${path.join(filesDir, 'templates')}\n`,
      );
      return 0;
    }
    if (action === 'list' && (kind === undefined || isKind(kind))) {
      await ensureBuiltinAssets(dir, tools);
      for (const listed of kind ? [kind] : ASSET_KINDS) {
        for (const asset of await listAssets(dir, listed, tools))
          process.stdout.write(
            `${listed.padEnd(12)} ${asset.duration.toFixed(1).padStart(6)} s  ${asset.name}\n`,
          );
      }
      return 0;
    }
    if (action === 'add' && isKind(kind) && file) {
      const asset = await addAsset(dir, kind, file, tools, values.name);
      const storage = await openStorage(config);
      await shareAsset(storage, asset);
      process.stdout.write(
        `Added ${asset.kind} "${asset.name}" (${asset.duration.toFixed(1)} s): ${asset.path}${storage.shared ? ', and to the bucket (every host copies it within a minute)' : ''}\n`,
      );
      return 0;
    }
  } catch (error) {
    process.stderr.write(`Failed: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}
