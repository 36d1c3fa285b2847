import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isModelInstalled, pullModel, WHISPER_MODELS } from '../engines/models.ts';
import { createDownloadProgress } from './progress-bar.ts';

const USAGE = `Usage: clipforge models list
       clipforge models pull <${WHISPER_MODELS.map((m) => m.name).join('|')}> [--data-dir dir]`;

export async function modelsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' } },
  });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const modelsDir = path.join(config.dataDir, 'models');
  const [action, name] = positionals;
  if (action === 'list') {
    for (const model of WHISPER_MODELS) {
      const installed = await isModelInstalled(modelsDir, model.name);
      process.stdout.write(
        `${model.name.padEnd(10)} ${String(model.sizeMB).padStart(5)} MB  ${installed ? 'installed' : '-'}\n`,
      );
    }
    return 0;
  }
  if (action !== 'pull' || !name) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const progress = createDownloadProgress(process.stderr, `whisper ${name}`);
  try {
    const file = await pullModel(name, {
      modelsDir,
      baseUrl: config.modelsUrl,
      allowlist: config.networkAllowlist,
      onProgress: progress.update,
    });
    progress.finish();
    process.stdout.write(`Installed ${file}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    process.stderr.write(`Failed: ${(error as Error).message}\n`);
    return 1;
  }
}
