import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { mp4EncodeArgs } from '../media/encode.ts';
import { QUIET_ARGS } from '../media/progress.ts';
import { runProcess } from '../media/process.ts';
import type { MediaTools } from '../media/tools.ts';
import { CancelledError, PipelineError } from '../domain/errors.ts';
import { listAssets, type Asset, type AssetKind } from './library.ts';

export { ASSET_KINDS, type AssetKind } from './library.ts';

// License-clean built-in assets, made on this machine by ffmpeg's own generators: synthesised music loops,
// procedural gameplay-like loops and short animated text stingers with a sound. Nothing is downloaded.

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
const GAME_SIZE = '1080x960';

/** A chord root (Hz) that changes every `bar` seconds through I–vi–IV–V of C major. */
const chordRoot = (bar: number) =>
  `261.63*pow(2\\,if(eq(mod(floor(t/${bar})\\,4)\\,0)\\,0\\,if(eq(mod(floor(t/${bar})\\,4)\\,1)\\,-3\\,if(eq(mod(floor(t/${bar})\\,4)\\,2)\\,-7\\,-5)))/12)`;

function musicArgs(expression: string) {
  return (output: string) => [
    ...QUIET_ARGS,
    '-f',
    'lavfi',
    '-i',
    `aevalsrc='${expression}':s=48000:d=${MUSIC_SECONDS}`,
    '-af',
    'afade=t=in:d=0.5,aformat=channel_layouts=stereo',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    output,
  ];
}

/** Swelling pad: root, third and fifth, each bar fading in and out so chord changes never click. */
const PADS = `0.16*(sin(2*PI*${chordRoot(4)}*t)+0.6*sin(2*PI*${chordRoot(4)}*1.2599*t)+0.5*sin(2*PI*${chordRoot(4)}*1.4983*t)+0.5*sin(PI*${chordRoot(4)}*t))*(0.55-0.45*cos(2*PI*mod(t\\,4)/4))`;

/** Plucked arpeggio over a soft bass: four notes a beat, each with its own decay. */
const ARPEGGIO = `0.22*sin(2*PI*${chordRoot(2)}*2*pow(2\\,if(eq(mod(floor(t*4)\\,4)\\,0)\\,0\\,if(eq(mod(floor(t*4)\\,4)\\,1)\\,4\\,if(eq(mod(floor(t*4)\\,4)\\,2)\\,7\\,12)))/12)*t)*exp(-7*mod(t\\,0.25))+0.14*sin(PI*${chordRoot(2)}*t)*(0.6-0.4*cos(2*PI*mod(t\\,2)/2))`;

/** Kick on the beat, a ticking hat off the beat and a low pad: a lo-fi loop at 120 bpm. */
const PULSE = `0.4*sin(2*PI*(45*mod(t\\,0.5)+3*(1-exp(-25*mod(t\\,0.5)))))*exp(-9*mod(t\\,0.5))+0.05*(2*random(0)-1)*exp(-45*mod(t+0.25\\,0.5))+0.1*(sin(PI*${chordRoot(4)}*t)+0.6*sin(PI*${chordRoot(4)}*1.4983*t))*(0.55-0.45*cos(2*PI*mod(t\\,4)/4))`;

function gameArgs(graph: string) {
  return (output: string) => [
    ...QUIET_ARGS,
    '-filter_complex',
    `${graph},format=yuv420p[v]`,
    '-map',
    '[v]',
    '-t',
    String(GAME_SECONDS),
    '-r',
    '30',
    ...mp4EncodeArgs({ preset: 'ultrafast', crf: 23, audio: false }),
    output,
  ];
}

const NEON_LIFE = `life=s=216x192:r=30:ratio=0.12:mold=4:seed=7:life_color=#39ff14:death_color=#0d0a24:mold_color=#3a1a6e,scale=${GAME_SIZE}:flags=neighbor`;
const CELLULAR_RUN = `cellauto=rule=30:s=270x240:r=30:scroll=1:start_full=1:seed=3,format=rgb24,lutrgb=r='val*0.15':g='val*0.75':b='val',scale=${GAME_SIZE}:flags=neighbor`;
const NEON_DODGE = [
  `gradients=s=270x240:r=30:c0=0x0b1026:c1=0x2a0b4a:c2=0x06343f:speed=0.03:d=${GAME_SECONDS},scale=${GAME_SIZE},drawgrid=w=120:h=120:t=2:c=0x00e5ff@0.3[bg]`,
  'color=c=0xffd400:s=160x160:r=30[a]',
  'color=c=0xff2fd0:s=220x90:r=30[b]',
  'color=c=0x39ff14:s=120x120:r=30[c]',
  "[bg][a]overlay=x='mod(t*420,1300)-200':y=620:shortest=1[p]",
  "[p][b]overlay=x='1080-mod(t*300+500,1400)':y=300:shortest=1[q]",
  "[q][c]overlay=x=430:y='780-abs(sin(t*3))*260':shortest=1",
].join(';');

/** A rising whoosh for 0.7 s, then a hit. */
const STINGER_SOUND = `0.3*sin(2*PI*(180*t+380*t*t))*lt(t\\,0.7)+(0.45*(2*random(0)-1)+0.4*sin(2*PI*70*t))*exp(-8*(t-0.7))*gte(t\\,0.7)`;

/** `value` as one option value of a filter inside a filter graph: escaped for the option parser, then the graph. */
export function filterValue(value: string): string {
  return value.replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');
}

function memeArgs(text: string, colours: [string, string]) {
  return (output: string, font: string) => [
    ...QUIET_ARGS,
    '-f',
    'lavfi',
    '-i',
    `gradients=s=540x960:r=30:c0=${colours[0]}:c1=${colours[1]}:speed=0.06:d=${MEME_SECONDS}`,
    '-f',
    'lavfi',
    '-i',
    `aevalsrc='${STINGER_SOUND}':s=48000:d=${MEME_SECONDS}`,
    '-filter_complex',
    `[0:v]scale=1080:1920,drawtext=fontfile=${filterValue(font)}:text='${text}':fontcolor=white:borderw=12:bordercolor=black:` +
      `fontsize='60+170*min(1\\,t*3)':x='(w-text_w)/2+10*sin(t*45)*lt(t\\,0.9)':y='(h-text_h)/2',format=yuv420p[v];` +
      `[1:a]aformat=channel_layouts=stereo[a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-t',
    String(MEME_SECONDS),
    ...mp4EncodeArgs({ preset: 'ultrafast', audio: true }),
    output,
  ];
}

export const BUILTIN_ASSETS: readonly BuiltinAsset[] = [
  { kind: 'music', name: 'Calm Pads', file: 'Calm Pads.m4a', seconds: MUSIC_SECONDS, args: musicArgs(PADS) },
  {
    kind: 'music',
    name: 'Bright Arpeggio',
    file: 'Bright Arpeggio.m4a',
    seconds: MUSIC_SECONDS,
    args: musicArgs(ARPEGGIO),
  },
  { kind: 'music', name: 'Lo-Fi Pulse', file: 'Lo-Fi Pulse.m4a', seconds: MUSIC_SECONDS, args: musicArgs(PULSE) },
  { kind: 'game-videos', name: 'Neon Life', file: 'Neon Life.mp4', seconds: GAME_SECONDS, args: gameArgs(NEON_LIFE) },
  {
    kind: 'game-videos',
    name: 'Cellular Run',
    file: 'Cellular Run.mp4',
    seconds: GAME_SECONDS,
    args: gameArgs(CELLULAR_RUN),
  },
  { kind: 'game-videos', name: 'Neon Dodge', file: 'Neon Dodge.mp4', seconds: GAME_SECONDS, args: gameArgs(NEON_DODGE) },
  {
    kind: 'meme-hooks',
    name: 'Wait For It',
    file: 'Wait For It.mp4',
    seconds: MEME_SECONDS,
    args: memeArgs('WAIT FOR IT', ['0xff3d00', '0x7c00ff']),
  },
  {
    kind: 'meme-hooks',
    name: 'Plot Twist',
    file: 'Plot Twist.mp4',
    seconds: MEME_SECONDS,
    args: memeArgs('PLOT TWIST', ['0x00b3ff', '0x00ff9d']),
  },
  {
    kind: 'meme-hooks',
    name: 'No Way',
    file: 'No Way.mp4',
    seconds: MEME_SECONDS,
    args: memeArgs('NO WAY', ['0xffd400', '0xff0066']),
  },
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
