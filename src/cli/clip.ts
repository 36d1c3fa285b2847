import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { overallProgress, runClipJob, type ClipJobResult } from '../pipeline/run.ts';
import { removeJobScratch } from '../pipeline/short-render.ts';
import { toSentenceFields, toShortFields, type ShortFields } from '../service/present.ts';
import { InvalidInputError, PipelineError } from '../domain/errors.ts';
import { mediaTools } from '../media/tools.ts';
import { optionsRefusal, parseClipOptions } from '../service/create-options.ts';
import {
  DEFAULT_CLIP_OPTIONS,
  LAYOUTS,
  PREFERRED_LENGTHS,
  TRANSCRIBERS,
  type ClipOptions,
} from '../domain/options.ts';
import type { Logger } from '../domain/logger.ts';
import type { CaptionEdits, ShortLook } from '../domain/short-edits.ts';
import type { RenderedShort } from '../domain/shorts.ts';
import { createDownloadProgress, createProgressDisplay } from './progress-bar.ts';
import { runCliCommand, UsageError } from './run-command.ts';

export const CLIP_USAGE = `Usage: clipforge clip <file|url> [options]

  --start <s>               window start in seconds (default 0)
  --end <s>                 window end in seconds (default: the end of the video)
  --preferred-length <band> ${PREFERRED_LENGTHS.join(' | ')} (default under60sec)
  --template <name|id>      caption template (default karaoke)
  --language <code>         spoken language (default en)
  --engine <name>           ${TRANSCRIBERS.join(' | ')} (default auto)
  --transcript <file>       use this transcript (.srt, .vtt or .json words) instead of recognition
  --layout <layout>         ${LAYOUTS.join(' | ')} (default auto)
  --trim-pauses             shorten silences over 0.6 s to 0.25 s and drop sure fillers ("um", "uh")
  --no-clipping             the whole window becomes one short
  --caption-language <code> captions in another language (needs CLIPFORGE_TRANSLATE_BASE_URL)
  --hook-title              the short's title animated over its first seconds
  --meme-hook [--meme-hook-name <name>]
                            a 2–5 s meme clip first (named, or one at random)
  --game-video [--game-video-name <name>]
                            split screen: the talk on top, gameplay below
  --cta <text>              a call-to-action over the last seconds (≤ 200 characters)
  --music [--music-name <name>] [--music-volume <0-100>]
                            background music ducked under the speech (volume default 10)
  --out <dir>               where the shorts go (default ./clipforge-out/<name>)
  --data-dir <dir>          models and assets (default ./clipforge-data)
  --json                    print the manifest as JSON instead of a table`;

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of: ${allowed.join(', ')} (got "${value}")`);
}

function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new UsageError(`--${flag} must be a number of seconds ≥ 0`);
  return parsed;
}

/** The flag that gives each create option, where it is not the option's name in kebab case. */
const FLAG_OF: Record<string, string> = { templateId: 'template', ctaText: 'cta', ctaEnabled: 'cta' };
const flagOf = (field: string) =>
  FLAG_OF[field] ?? field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** The create options of the flags, checked by the validator the API uses; its refusals name the flags. */
function clipOptions(values: Record<string, string | boolean | undefined>): ClipOptions {
  const text = (flag: string) => values[flag] as string | undefined;
  const given = (...flags: string[]) =>
    flags.some((flag) => values[flag] !== undefined && values[flag] !== false);
  try {
    return parseClipOptions({
      preferredLength: text('preferred-length'),
      language: text('language'),
      captionLanguage: text('caption-language'),
      templateId: findTemplate(text('template') ?? DEFAULT_CLIP_OPTIONS.templateId)?.templateId,
      noClipping: given('no-clipping'),
      layout: text('layout'),
      hookTitle: given('hook-title'),
      memeHook: given('meme-hook', 'meme-hook-name'),
      memeHookName: text('meme-hook-name'),
      gameVideo: given('game-video', 'game-video-name'),
      gameVideoName: text('game-video-name'),
      ctaEnabled: given('cta'),
      ctaText: text('cta')?.trim(),
      music: given('music', 'music-name', 'music-volume'),
      musicName: text('music-name'),
      musicVolume: text('music-volume') === undefined ? undefined : Number(text('music-volume')),
      trimPauses: given('trim-pauses'),
    });
  } catch (error) {
    if (!(error instanceof InvalidInputError) || !error.fields) throw error;
    throw new UsageError(
      Object.entries(error.fields)
        .map(([field, reason]) => `--${flagOf(field)} ${reason}`)
        .join('; '),
    );
  }
}

export interface ClipInvocation {
  source: string;
  start?: number;
  end?: number;
  options: ClipOptions;
  outDir: string;
  json: boolean;
  dataDir?: string;
}

/** Turns command-line arguments into a validated clipping request. */
export function parseClipArgs(argv: string[]): ClipInvocation {
  try {
    return invocationFrom(argv);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

function invocationFrom(argv: string[]): ClipInvocation {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      start: { type: 'string' },
      end: { type: 'string' },
      'preferred-length': { type: 'string' },
      template: { type: 'string' },
      language: { type: 'string' },
      engine: { type: 'string' },
      transcript: { type: 'string' },
      layout: { type: 'string' },
      'no-clipping': { type: 'boolean', default: false },
      'trim-pauses': { type: 'boolean', default: false },
      'caption-language': { type: 'string' },
      'hook-title': { type: 'boolean', default: false },
      'meme-hook': { type: 'boolean', default: false },
      'meme-hook-name': { type: 'string' },
      'game-video': { type: 'boolean', default: false },
      'game-video-name': { type: 'string' },
      cta: { type: 'string' },
      music: { type: 'boolean', default: false },
      'music-name': { type: 'string' },
      'music-volume': { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('Give exactly one video file or URL');
  const source = positionals[0];
  const start = seconds('start', values.start);
  const end = seconds('end', values.end);
  if (start !== undefined && end !== undefined && end <= start)
    throw new UsageError('--end must be greater than --start');
  if (!findTemplate(values.template ?? DEFAULT_CLIP_OPTIONS.templateId))
    throw new UsageError(`Unknown template "${values.template}"`);
  const options: ClipOptions = {
    ...clipOptions(values),
    transcriptPath: values.transcript ? path.resolve(values.transcript) : undefined,
    transcriber: values.engine ? oneOf('engine', values.engine, TRANSCRIBERS, 'auto') : undefined,
  };
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
  const name = isUrl ? 'video' : path.parse(source).name;
  return {
    source: isUrl ? source : path.resolve(source),
    start,
    end,
    options,
    outDir: path.resolve(values.out ?? path.join('clipforge-out', name)),
    json: values.json ?? false,
    dataDir: values['data-dir'],
  };
}

export interface ClipManifest {
  source: string;
  title: string;
  sourceDuration: number;
  window: { start: number; end: number };
  timeAdjustment?: ClipJobResult['timeAdjustment'];
  language: string;
  template: string;
  preferredLength: string;
  transcriber: string;
  sentences: ReturnType<typeof toSentenceFields>;
  shorts: ManifestShort[];
  /** what `clipforge rerender` needs: the kept analysis (relative to the manifest) and the job's options */
  analysis: { workDir: string; options: ClipOptions };
}

/** A short of the manifest: its public fields, and what a re-render changed of its look and words. */
export type ManifestShort = ShortFields & { look?: ShortLook; captionEdits?: CaptionEdits };

/** The folder of a `clip` output directory that keeps the job's analysis, for `clipforge rerender`. */
export const ANALYSIS_DIR = '.clipforge-analysis';

/** A short's manifest fields, its files as file: URLs. */
export function manifestShort(short: RenderedShort, windowStart: number): ShortFields {
  const fileUrl = (file: string) => pathToFileURL(file).href;
  return toShortFields(
    short,
    {
      video: fileUrl(short.videoPath),
      thumbnail: fileUrl(short.thumbnailPath),
      srt: fileUrl(short.srtPath),
      vtt: fileUrl(short.vttPath),
    },
    windowStart,
    null,
  );
}

export function buildManifest(invocation: ClipInvocation, result: ClipJobResult): ClipManifest {
  const windowStart = result.timeAdjustment?.adjusted.start ?? invocation.start ?? 0;
  const windowEnd = result.timeAdjustment?.adjusted.end ?? invocation.end ?? result.sourceDuration;
  return {
    source: invocation.source,
    title: result.title,
    sourceDuration: result.sourceDuration,
    window: { start: windowStart, end: windowEnd },
    ...(result.timeAdjustment ? { timeAdjustment: result.timeAdjustment } : {}),
    language: invocation.options.language,
    template: findTemplate(invocation.options.templateId)?.name ?? invocation.options.templateId,
    preferredLength: invocation.options.preferredLength,
    transcriber: result.transcript.engine,
    sentences: toSentenceFields(result.transcript.sentences, windowStart),
    shorts: result.shorts.map((short) => manifestShort(short, windowStart)),
    analysis: { workDir: ANALYSIS_DIR, options: invocation.options },
  };
}

const formatTime = (value: number) => {
  const minutes = Math.floor(value / 60);
  return `${minutes}:${(value - minutes * 60).toFixed(1).padStart(4, '0')}`;
};

export function summaryTable(manifest: ClipManifest, outDir: string): string {
  const rows = manifest.shorts.map((short, rank) => [
    String(rank + 1),
    String(short.viral_score),
    `${formatTime(short.startTimestamp)}–${formatTime(short.endTimestamp)}`,
    `${short.duration.toFixed(1)}s`,
    short.title.length > 48 ? `${short.title.slice(0, 47)}…` : short.title,
    path.relative(process.cwd(), new URL(short.video_url).pathname) || short.video_url,
  ]);
  const header = ['#', 'score', 'source span', 'length', 'title', 'file'];
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [
    `${manifest.shorts.length} short${manifest.shorts.length === 1 ? '' : 's'} from "${manifest.title}" (${manifest.transcriber} transcript):`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    `Shorts, captions, thumbnails and manifest.json are in ${outDir}`,
  ].join('\n');
}

export async function runClip(invocation: ClipInvocation, config: Config): Promise<ClipManifest> {
  const display = createProgressDisplay(process.stderr);
  const log: Logger = {
    info: (message) => {
      display.finish();
      process.stderr.write(`${message}\n`);
    },
    warn: (message) => {
      display.finish();
      process.stderr.write(`warning: ${message}\n`);
    },
  };
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // the job's analysis stays beside its shorts, so `clipforge rerender` can edit them without redoing it
  const workDir = path.join(invocation.outDir, ANALYSIS_DIR);
  let highest = 0;
  let succeeded = false;
  try {
    const refusal = await optionsRefusal(invocation.options, config, mediaTools(config));
    if (refusal) throw new InvalidInputError(refusal.message, { [refusal.field]: refusal.message });
    const result = await runClipJob(
      {
        source: invocation.source,
        start: invocation.start,
        end: invocation.end,
        options: invocation.options,
      },
      {
        workDir,
        outDir: invocation.outDir,
        config,
        signal: controller.signal,
        log,
        modelDownloadProgress: createDownloadProgress(process.stderr, `whisper model ${config.whisperModel}`),
        onProgress: ({ step, fraction }) => {
          highest = Math.max(highest, overallProgress(step, fraction));
          display.update(step, highest);
        },
      },
    );
    display.finish();
    const manifest = buildManifest(invocation, result);
    await writeManifest(invocation.outDir, manifest);
    succeeded = true;
    return manifest;
  } finally {
    display.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (succeeded) await removeJobScratch(workDir);
    else await rm(workDir, { recursive: true, force: true });
  }
}

export async function writeManifest(outDir: string, manifest: ClipManifest): Promise<void> {
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function clipCommand(argv: string[]): Promise<number> {
  return runCliCommand(
    {
      usage: CLIP_USAGE,
      parse: parseClipArgs,
      run: (invocation) => runClip(invocation, loadConfig({ dataDir: invocation.dataDir })),
      summary: (invocation, manifest) => summaryTable(manifest, invocation.outDir),
      expected: [PipelineError],
    },
    argv,
  );
}
