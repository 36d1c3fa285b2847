import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import { mediaTools } from '../media/tools.ts';
import { generateSampleTalk } from '../sample/generate.ts';
import { truthToWordsJson } from '../sample/transcript-files.ts';
import { clipCommand } from './clip.ts';

// The quick-start demo: generate a sample talk (cached in the data dir), then clip it with the defaults.

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '180' },
      out: { type: 'string', default: path.join('clipforge-out', 'demo') },
      'data-dir': { type: 'string' },
      recognise: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const durationSeconds = Number(values.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 20) {
    process.stderr.write('--duration must be a number of seconds ≥ 20\n');
    return 2;
  }
  process.stderr.write(`Generating a ${durationSeconds}s sample talk (cached after the first run)...\n`);
  const sample = await generateSampleTalk({
    tools: mediaTools(config),
    durationSeconds,
    outDir: path.join(config.dataDir, 'samples'),
  });
  process.stderr.write(`Sample video: ${sample.videoPath}\n`);
  const transcriptArgs: string[] = [];
  if (!values.recognise) {
    const transcriptPath = sample.videoPath.replace(/\.mp4$/, '.words.json');
    await writeFile(transcriptPath, truthToWordsJson(sample.truth));
    transcriptArgs.push('--transcript', transcriptPath);
    process.stderr.write(
      'The demo hands ClipForge the talk’s script as its transcript (like --transcript); run `clipforge demo --recognise` to transcribe it with the installed recogniser instead.\n',
    );
  }
  return clipCommand([
    sample.videoPath,
    ...transcriptArgs,
    '--out',
    values.out,
    '--data-dir',
    config.dataDir,
    '--preferred-length',
    DEFAULT_CLIP_OPTIONS.preferredLength,
  ]);
}
