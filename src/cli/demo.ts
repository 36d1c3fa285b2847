import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { DEFAULT_CLIP_OPTIONS } from '../pipeline/types.ts';
import { generateSampleTalk } from '../sample/generate.ts';
import { clipCommand } from './clip.ts';

// The quick-start demo: generate a sample talk (cached in the data dir), then clip it with the defaults.

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '180' },
      out: { type: 'string', default: path.join('clipforge-out', 'demo') },
      'data-dir': { type: 'string' },
    },
  });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const durationSeconds = Number(values.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 20) {
    process.stderr.write('--duration must be a number of seconds ≥ 20\n');
    return 2;
  }
  process.stderr.write(`Generating a ${durationSeconds}s sample talk (cached after the first run)...\n`);
  const sample = await generateSampleTalk({ durationSeconds, outDir: path.join(config.dataDir, 'samples') });
  process.stderr.write(`Sample video: ${sample.videoPath}\n`);
  return clipCommand([
    sample.videoPath,
    '--out',
    values.out,
    '--data-dir',
    config.dataDir,
    '--preferred-length',
    DEFAULT_CLIP_OPTIONS.preferredLength,
  ]);
}
