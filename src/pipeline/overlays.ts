import { BUILTIN_ASSETS, ensureBuiltinAssets } from '../assets/builtin.ts';
import { listAssets, resolveAsset, type AssetKind } from '../assets/library.ts';
import { meanVolume, musicGainDb } from '../media/loudness.ts';
import { probeMedia } from '../media/probe.ts';
import type { MediaTools } from '../media/tools.ts';
import type { RenderOverlays } from './render/index.ts';
import { PipelineError } from '../errors.ts';
import type { ClipOptions } from './types.ts';

// The overlays a job asked for, turned into files and levels the renderer can use. Assets are chosen once per
// job (a name given, or one at random), so every short of a job shares the same music, gameplay and hook.

export interface ChosenAssets {
  gameVideo?: string;
  music?: { path: string; meanDb: number };
  memeHook?: { path: string; duration: number; hasAudio: boolean };
}

interface AssetRequest {
  kind: AssetKind;
  wanted: boolean;
  name?: string;
  field: 'memeHookName' | 'gameVideoName' | 'musicName';
}

function assetRequests(options: ClipOptions): AssetRequest[] {
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

/**
 * Why a job's catalogue choices cannot be honoured (an unknown name), before any work is done. The built-ins count
 * whether or not they are made yet (a job makes what it needs), so a create never waits for them.
 */
export async function assetOptionsRefusal(
  options: ClipOptions,
  assetsDir: string,
  tools: MediaTools,
): Promise<{ field: string; message: string } | undefined> {
  for (const request of assetRequests(options).filter((wanted) => wanted.wanted)) {
    const builtins = BUILTIN_ASSETS.filter((asset) => asset.kind === request.kind).map((asset) => asset.name);
    const names = [
      ...new Set([
        ...builtins,
        ...(await listAssets(assetsDir, request.kind, tools)).map((item) => item.name),
      ]),
    ];
    if (request.name !== undefined && !names.includes(request.name)) {
      return {
        field: request.field,
        message: `Unknown ${request.kind} name "${request.name}" (names are case-sensitive); available: ${names.sort().join(', ')}`,
      };
    }
  }
  return undefined;
}

export async function chooseAssets(
  options: ClipOptions,
  assetsDir: string,
  context: { signal: AbortSignal; tools: MediaTools },
): Promise<ChosenAssets> {
  const requests = assetRequests(options).filter((request) => request.wanted);
  if (requests.length === 0) return {};
  await ensureBuiltinAssets(assetsDir, context.tools, { signal: context.signal });
  const chosen: ChosenAssets = {};
  for (const request of requests) {
    const asset = await resolveAsset(assetsDir, request.kind, context.tools, request.name);
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

/** The overlays of one short: its own title and the speech level of its segment decide the rest. */
export async function shortOverlays(
  options: ClipOptions,
  chosen: ChosenAssets,
  short: { title: string; videoPath: string; start: number; end: number },
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
    });
    overlays.music = {
      path: chosen.music.path,
      gainDb: musicGainDb(speechDb, chosen.music.meanDb, options.musicVolume),
    };
  }
  return overlays;
}
