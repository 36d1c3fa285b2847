import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { gameLoopArgs, musicLoopArgs, stingerArgs, type GameLoop, type MusicLoop } from '../media/generator-args.ts';
import { runProcess } from '../media/process.ts';
import type { MediaTools } from '../media/tools.ts';
import { CancelledError, PipelineError } from '../domain/errors.ts';
import { listAssets, type Asset, type AssetKind } from './library.ts';

export { ASSET_KINDS, type AssetKind } from './library.ts';

// License-clean built-in assets, made on this machine by ffmpeg's own generators (media/generator-args.ts):
// synthesised music loops, procedural gameplay-like loops and short animated text stingers with a sound.
// Nothing is downloaded.

export interface BuiltinAsset {
  kind: AssetKind;
  name: string;
  file: string;
  /** how long the recipe's output lasts, known before it is made */
  seconds: number;
  /** ffmpeg arguments (no shell) that write the asset to `output`; `font` is a font file for text */
  args(output: string, font: string): string[];
}

const MUSIC_SECONDS = 32;
const GAME_SECONDS = 20;
const MEME_SECONDS = 3;

const builtin = (kind: AssetKind, name: string, seconds: number, args: BuiltinAsset['args']): BuiltinAsset => ({
  kind,
  name,
  file: `${name}${kind === 'music' ? '.m4a' : '.mp4'}`,
  seconds,
  args,
});

const music = (name: string, loop: MusicLoop) =>
  builtin('music', name, MUSIC_SECONDS, (output) => musicLoopArgs(loop, MUSIC_SECONDS, output));

const gameVideo = (name: string, loop: GameLoop) =>
  builtin('game-videos', name, GAME_SECONDS, (output) => gameLoopArgs(loop, GAME_SECONDS, output));

const memeHook = (name: string, colours: [string, string]) =>
  builtin('meme-hooks', name, MEME_SECONDS, (output, font) =>
    stingerArgs({ text: name.toUpperCase(), colours, seconds: MEME_SECONDS, font }, output),
  );

export const BUILTIN_ASSETS: readonly BuiltinAsset[] = [
  music('Calm Pads', 'pads'),
  music('Bright Arpeggio', 'arpeggio'),
  music('Lo-Fi Pulse', 'pulse'),
  gameVideo('Neon Life', 'neon-life'),
  gameVideo('Cellular Run', 'cellular-run'),
  gameVideo('Neon Dodge', 'neon-dodge'),
  memeHook('Wait For It', ['0xff3d00', '0x7c00ff']),
  memeHook('Plot Twist', ['0x00b3ff', '0x00ff9d']),
  memeHook('No Way', ['0xffd400', '0xff0066']),
];

/** Where a built-in lives once made. */
export const builtinPath = (assetsDir: string, asset: BuiltinAsset) => path.join(assetsDir, asset.kind, asset.file);

/** A catalogue item, and whether its file is in place (a built-in not made yet is listed from its recipe). */
export type CatalogueItem = Asset & { made: boolean };

/**
 * Everything a catalogue offers, sorted by name: the files in place, and every built-in whether or not it is made
 * yet (its name and duration are known from its recipe). A file in place shadows a built-in of the same name.
 */
export async function catalogueItems(assetsDir: string, kind: AssetKind, tools: MediaTools): Promise<CatalogueItem[]> {
  const inPlace: CatalogueItem[] = (await listAssets(assetsDir, kind, tools)).map((item) => ({ ...item, made: true }));
  const names = new Set(inPlace.map((item) => item.name));
  const pending = BUILTIN_ASSETS.filter((asset) => asset.kind === kind && !names.has(asset.name)).map((asset) => ({
    name: asset.name,
    kind,
    path: builtinPath(assetsDir, asset),
    duration: asset.seconds,
    made: false,
  }));
  return [...inPlace, ...pending].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Makes one built-in if it is missing (a job that chose it before the catalogue maker got to it), sharing a run
 * already under way in this process; returns whether it made it.
 */
export function ensureBuiltinAsset(
  assetsDir: string,
  asset: BuiltinAsset,
  tools: MediaTools,
  options: { signal?: AbortSignal } = {},
): Promise<boolean> {
  const target = builtinPath(path.resolve(assetsDir), asset);
  const running = generatingOne.get(target);
  if (running) return running;
  const work = (async () => {
    if (await exists(target)) return false;
    const font = asset.kind === 'meme-hooks' ? await stingerFont(options.signal) : '';
    await generateOne(asset, target, font, tools, options.signal ?? new AbortController().signal);
    return true;
  })().finally(() => generatingOne.delete(target));
  generatingOne.set(target, work);
  return work;
}

const generatingOne = new Map<string, Promise<boolean>>();

/** Bold display fonts for the stingers' text, best first: fontconfig patterns, then well-known files. */
const FONT_PATTERNS = ['Bebas Neue:style=Bold', 'Bebas Neue:style=Regular', 'League Spartan:style=Bold', 'DejaVu Sans:style=Bold'];
const FONT_FILES = [
  '/usr/share/fonts/opentype/bebas-neue/BebasNeue-Bold.otf',
  '/usr/share/fonts/truetype/bebas-neue/BebasNeue-Regular.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

/** A bold display font file for the stingers' text: only fonts that are really installed (fc-list, not fc-match). */
export async function stingerFont(signal?: AbortSignal): Promise<string> {
  for (const pattern of FONT_PATTERNS) {
    const { stdout } = await runProcess('fc-list', ['-f', '%{file}\\n', pattern], { signal }).catch((error: unknown) => {
      if (error instanceof CancelledError) throw error;
      return { stdout: '' };
    });
    const file = stdout.split('\n').find((line) => line.trim())?.trim();
    if (file && (await exists(file))) return file;
  }
  for (const file of FONT_FILES) if (await exists(file)) return file;
  throw new PipelineError('No font found for the meme hooks; install fonts-bebas-neue or fonts-dejavu-core');
}

const exists = (file: string) =>
  stat(file).then(
    (info) => info.size > 0,
    () => false,
  );

/** Assets made at once: the music generator is single-threaded, so two runs keep two cores busy. */
const PARALLEL_RUNS = 2;

const generating = new Map<string, Promise<string[]>>();

export interface BuiltinOptions {
  signal?: AbortSignal;
  /** awaited before each file is started (the catalogue maker waits here while a job runs) */
  beforeEach?: () => Promise<void>;
}

/**
 * Writes every missing built-in into `<assetsDir>/<kind>/<file>` (each to a temporary name, then renamed, so a
 * half-written file never appears); returns the files it made. Files in place are kept. Safe to call often:
 * concurrent calls for one directory share one run.
 */
export function ensureBuiltinAssets(
  assetsDir: string,
  tools: MediaTools,
  options: BuiltinOptions = {},
): Promise<string[]> {
  const key = path.resolve(assetsDir);
  const running = generating.get(key);
  if (running) return running;
  const work = generateMissing(key, tools, options).finally(() => generating.delete(key));
  generating.set(key, work);
  return work;
}

async function generateMissing(
  assetsDir: string,
  tools: MediaTools,
  options: BuiltinOptions,
): Promise<string[]> {
  const missing: Array<{ asset: BuiltinAsset; target: string }> = [];
  for (const asset of BUILTIN_ASSETS) {
    const target = path.join(assetsDir, asset.kind, asset.file);
    if (!(await exists(target))) missing.push({ asset, target });
  }
  if (missing.length === 0) return [];
  const font = missing.some(({ asset }) => asset.kind === 'meme-hooks') ? await stingerFont(options.signal) : '';

  // A failed run stops its sibling, which then removes its own partial file before the error is reported.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  const made = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const { asset, target } = missing[next++];
      try {
        await options.beforeEach?.();
        if (stop.signal.aborted) throw new CancelledError();
        if (await exists(target)) continue; // made meanwhile (by a job that needed it)
        await generateOne(asset, target, font, tools, stop.signal);
      } catch (error) {
        stop.abort();
        throw error;
      }
      made.add(target);
    }
  };
  try {
    const results = await Promise.allSettled(Array.from({ length: PARALLEL_RUNS }, worker));
    const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (errors.length > 0) throw errors.find((error) => !(error instanceof CancelledError)) ?? errors[0];
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return missing.map(({ target }) => target).filter((target) => made.has(target));
}

async function generateOne(
  asset: BuiltinAsset,
  target: string,
  font: string,
  tools: MediaTools,
  signal: AbortSignal,
): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = path.join(
    path.dirname(target),
    `.${asset.name}.${process.pid}-${randomBytes(4).toString('hex')}.partial${path.extname(asset.file)}`,
  );
  try {
    await runProcess(tools.ffmpeg, asset.args(partial, font), { signal });
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
}
