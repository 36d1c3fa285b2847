import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { isModelInstalled, pullModel, WHISPER_MODELS } from '../engines/models.ts';

const USAGE = `Usage: clipforge models list
       clipforge models pull <${WHISPER_MODELS.map((m) => m.name).join('|')}> [--data-dir dir]`;

function progressLine(received: number, total: number | undefined): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  if (!total) return `\r${mb(received)} MB`;
  const width = 30;
  const filled = Math.round((received / total) * width);
  return `\r${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.floor((received / total) * 100)}%  ${mb(received)}/${mb(total)} MB`;
}

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
  try {
    const file = await pullModel(name, {
      modelsDir,
      onProgress: (received, total) => process.stderr.write(progressLine(received, total)),
    });
    process.stderr.write('\n');
    process.stdout.write(`Installed ${file}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`\nFailed: ${(error as Error).message}\n`);
    return 1;
  }
}
