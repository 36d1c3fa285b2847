import { BUILTIN_ASSETS, catalogueItems, ensureBuiltinAsset, type CatalogueItem } from '../assets/builtin.ts';
import type { AssetKind } from '../assets/library.ts';
import { meanVolume, musicGainDb } from '../media/loudness.ts';
import { probeMedia } from '../media/probe.ts';
import type { MediaTools } from '../media/tools.ts';
import type { RenderOverlays } from './render/index.ts';
import { PipelineError } from '../domain/errors.ts';
import type { ClipOptions } from '../domain/options.ts';

// The overlays a job asked for, turned into files and levels the renderer can use. Assets are chosen once per
// job (a name given, or one at random), so every short of a job shares the same music, gameplay and hook.

export interface ChosenAssets {
  gameVideo?: string;
  music?: { path: string; meanDb: number };
  memeHook?: { path: string; duration: number; hasAudio: boolean };
}

export interface AssetRequest {
  kind: AssetKind;
  wanted: boolean;
  name?: string;
  field: 'memeHookName' | 'gameVideoName' | 'musicName';
}

/** The catalogue items a job's options ask for, each with the option field that names it. */
export function assetRequests(options: ClipOptions): AssetRequest[] {
  return [
    { kind: 'meme-hooks', wanted: options.memeHook, name: options.memeHookName, field: 'memeHookName' },
    { kind: 'game-videos', wanted: options.gameVideo, name: options.gameVideoName, field: 'gameVideoName' },
    {
      kind: 'music',
      wanted: options.music && options.musicVolume > 0,
      name: options.musicName,
      field: 'musicName',
    },
  ];
}

export async function chooseAssets(
  options: ClipOptions,
  assetsDir: string,
  context: { signal: AbortSignal; tools: MediaTools },
): Promise<ChosenAssets> {
  const requests = assetRequests(options).filter((request) => request.wanted);
  if (requests.length === 0) return {};
  const chosen: ChosenAssets = {};
  for (const request of requests) {
    const asset = await chooseOne(assetsDir, request.kind, context, request.name);
    if (request.kind === 'game-videos') chosen.gameVideo = asset.path;
    if (request.kind === 'music') {
      const meanDb = await meanVolume(asset.path, context.tools, { signal: context.signal });
      chosen.music = { path: asset.path, meanDb };
    }
    if (request.kind === 'meme-hooks') {
      const probe = await probeMedia(asset.path, context.tools, { signal: context.signal });
      if (!probe.video) throw new PipelineError(`The meme hook "${asset.name}" has no video`);
      chosen.memeHook = { path: asset.path, duration: probe.duration, hasAudio: Boolean(probe.audio) };
    }
  }
  return chosen;
}

/**
 * The item with exactly this name, or one at random, among the files in place and the built-ins; a built-in not
 * made yet (the catalogue maker has not reached it) is made now, that one file only.
 */
export async function chooseOne(
  assetsDir: string,
  kind: AssetKind,
  context: { signal: AbortSignal; tools: MediaTools },
  name?: string,
  random: () => number = Math.random,
): Promise<CatalogueItem> {
  const items = await catalogueItems(assetsDir, kind, context.tools);
  if (items.length === 0)
    throw new PipelineError(
      `The ${kind} catalogue is empty; add files with \`clipforge assets add ${kind} <file>\``,
    );
  const found =
    name === undefined
      ? items[Math.floor(random() * items.length) % items.length]
      : items.find((item) => item.name === name);
  if (!found) {
    throw new PipelineError(
      `Unknown ${kind} name "${name}" (names are case-sensitive); available: ${items.map((item) => item.name).join(', ')}`,
    );
  }
  if (!found.made) {
    const builtin = BUILTIN_ASSETS.find((asset) => asset.kind === kind && asset.name === found.name);
    if (builtin) await ensureBuiltinAsset(assetsDir, builtin, context.tools, { signal: context.signal });
  }
  return found;
}

/** The overlays of one short: its own title and the speech level of its segment decide the rest. */
export async function shortOverlays(
  options: ClipOptions,
  chosen: ChosenAssets,
  short: { title: string; videoPath: string; audioStream?: number; start: number; end: number },
  context: { signal: AbortSignal; tools: MediaTools },
): Promise<RenderOverlays> {
  const overlays: RenderOverlays = {
    hookTitle: options.hookTitle ? short.title : undefined,
    cta: options.ctaEnabled ? options.ctaText : undefined,
    gameVideo: chosen.gameVideo ? { path: chosen.gameVideo } : undefined,
    memeHook: chosen.memeHook,
  };
  if (chosen.music) {
    const speechDb = await meanVolume(short.videoPath, context.tools, {
      range: { start: short.start, duration: short.end - short.start },
      signal: context.signal,
      audioStream: short.audioStream,
    });
    overlays.music = {
      path: chosen.music.path,
      gainDb: musicGainDb(speechDb, chosen.music.meanDb, options.musicVolume),
    };
  }
  return overlays;
}
