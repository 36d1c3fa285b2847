import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { probeMedia } from '../../media/probe.ts';
import { moveFile } from '../../storage/move-file.ts';
import { createProgressParser } from '../../media/progress.ts';
import { mediaFailure, MediaProcessingError } from '../../media/errors.ts';
import { runProcess } from '../../media/process.ts';
import type { MediaTools } from '../../media/tools.ts';
import { limitMix, loudnessGain, MEASURING_FILTER, runMeasuredPass } from '../../media/loudness.ts';
import type { LoudnessCurve } from '../../media/loudness-curve.ts';
import { curveCovers, spanLoudness } from '../../media/span-loudness.ts';
import {
  contentHeight,
  mixPassArgs,
  renderShortArgs,
  type RenderArgsInput,
} from '../../media/render-args.ts';
import { buildAss } from '../captions/ass.ts';
import { HOOK_TITLE_SECONDS, OVERLAY_TOP, overlayAss, type TextOverlays } from '../captions/overlay-text.ts';
import { toSrt, toVtt } from '../captions/subtitles.ts';
import type { CaptionTemplate } from '../captions/templates.ts';
import { cropCommands } from '../framing/crop-path.ts';
import { openingFaceBands } from '../framing/face-band.ts';
import {
  cropCommandFile,
  framingFilter,
  trackCropName,
  trackedParts,
  type SourcePicture,
} from '../framing/filters.ts';
import type { FramingPlan, Size } from '../framing/types.ts';
import type { Layout } from '../../domain/options.ts';
import type { Word } from '../../domain/transcript.ts';

export interface RenderRequest {
  videoPath: string;
  /** which of videoPath's audio streams is the speech (MediaProbe's `audio.stream`; the first when unset) */
  audioStream?: number;
  /** seconds in videoPath */
  start: number;
  end: number;
  /** relative to the short's start */
  words: Word[];
  template: CaptionTemplate;
  layout: Layout;
  framing: FramingPlan;
  /** the source's picture as shown */
  sourceSize: Size;
  /** what the source's picture needs before it is framed (pixels that are not square, HDR) */
  sourcePicture?: SourcePicture;
  outDir: string;
  /**
   * where the render writes until its short is whole (the job's work folder), moved into outDir then: a render
   * that dies on the way leaves nothing among the finished files; outDir itself when unset
   */
  scratchDir?: string;
  baseName: string;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  tools: MediaTools;
  preset?: string;
  overlays?: RenderOverlays;
  /** the loudness curve of a file, measured once per job: the loudness of a short of its speech alone */
  sourceLoudness?: LoudnessCurve;
  /** threads of the render's decoders and filters: its lane's share of the cores (unset: ffmpeg's choice) */
  threads?: number;
}

/** Everything added to the framed picture besides captions; asset files already resolved. */
export interface RenderOverlays extends TextOverlays {
  gameVideo?: RenderArgsInput['gameVideo'];
  music?: RenderArgsInput['music'];
  memeHook?: RenderArgsInput['memeHook'];
}

export interface RenderOutput {
  videoPath: string;
  thumbnailPath: string;
  srtPath: string;
  vttPath: string;
  assPath: string;
  width: number;
  height: number;
  duration: number;
  sha256: string;
  bytes: number;
}

export const DEFAULT_PRESET = 'ultrafast';

export function outputSize(layout: Layout): Size {
  return layout === 'square' ? { width: 1080, height: 1080 } : { width: 1080, height: 1920 };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The size of the framed source picture: the whole frame, or its top half above gameplay. */
export function contentSize(layout: Layout, withGameVideo: boolean): Size {
  const size = outputSize(layout);
  return { width: size.width, height: contentHeight(size, withGameVideo) };
}

/**
 * How a short's sound reaches its render: a loudness filter the render applies (none: the mix is left as it is),
 * or the finished mix the loudness passes already wrote, which the render only encodes.
 */
export type ShortSound = { loudnessFilter?: string } | { finishedMix: string };

/** Where the loudness passes write a short's finished sound, beside its other files; removed after the render. */
export function finishedMixFile(req: Pick<RenderRequest, 'outDir' | 'baseName'>): string {
  return path.join(req.outDir, `${req.baseName}.mix.wav`);
}

/** The files a render writes for its short, and those it reads and no one keeps (crop moves, the finished mix). */
export function renderFiles(req: Pick<RenderRequest, 'outDir' | 'baseName' | 'framing'>): {
  files: Omit<RenderOutput, 'duration' | 'sha256' | 'bytes' | 'width' | 'height'>;
  scratchFiles: string[];
} {
  const named = (extension: string) => path.join(req.outDir, `${req.baseName}.${extension}`);
  const cropCommandFiles = trackedParts(req.framing).map(({ tag }) =>
    path.join(req.outDir, cropCommandFile(req.baseName, tag)),
  );
  return {
    files: {
      videoPath: named('mp4'),
      thumbnailPath: named('jpg'),
      srtPath: named('srt'),
      vttPath: named('vtt'),
      assPath: named('ass'),
    },
    scratchFiles: [...cropCommandFiles, finishedMixFile(req)],
  };
}

/** The ffmpeg arguments of a short (its thumbnail written by the same run), also used by the benchmark to time ffmpeg alone. */
export function renderPlan(
  req: RenderRequest,
  sound: ShortSound = {},
): ReturnType<typeof renderFiles> & { args: string[]; size: Size } {
  const size = outputSize(req.layout);
  const overlays = req.overlays ?? {};
  const { files, scratchFiles } = renderFiles(req);
  const args = renderShortArgs({
    input: req.videoPath,
    audioStream: req.audioStream,
    start: req.start,
    end: req.end,
    framingFilter: framingFilter(
      req.framing,
      req.sourceSize,
      contentSize(req.layout, Boolean(overlays.gameVideo)),
      req.baseName,
      req.sourcePicture,
    ),
    size,
    assFile: path.basename(files.assPath),
    output: files.videoPath,
    preset: req.preset ?? DEFAULT_PRESET,
    gameVideo: overlays.gameVideo,
    music: overlays.music,
    memeHook: overlays.memeHook,
    ...sound,
    thumbnail: { output: files.thumbnailPath, atSeconds: thumbnailTime(req) },
    threads: req.threads,
  });
  return { args, files, scratchFiles, size };
}

/** With gameplay below, captions sit on the seam between the two pictures, where both stay readable. */
function captionTemplate(req: RenderRequest): CaptionTemplate {
  return req.overlays?.gameVideo ? { ...req.template, position: 0.5 } : req.template;
}

/** Where in the finished short its thumbnail is taken: a second into the speaker (after any meme clip). */
export function thumbnailTime(req: Pick<RenderRequest, 'start' | 'end' | 'overlays'>): number {
  return (req.overlays?.memeHook?.duration ?? 0) + Math.min(1, (req.end - req.start) / 2);
}

/** Words shifted by the meme hook in front, for the subtitle files that accompany the whole video. */
function shifted(words: Word[], seconds: number): Word[] {
  return seconds > 0 ? words.map((w) => ({ ...w, start: w.start + seconds, end: w.end + seconds })) : words;
}

/** Writes the files ffmpeg reads (captions, crop moves) and the subtitle files; returns the plan to run. */
export async function prepareRender(
  req: RenderRequest,
  plan: ReturnType<typeof renderPlan> = renderPlan(req),
): Promise<ReturnType<typeof renderPlan>> {
  const lead = req.overlays?.memeHook?.duration ?? 0;
  const template = captionTemplate(req);
  // with gameplay below, the speaker fills the top half, so the texts go over the gameplay instead; otherwise the
  // hook title keeps off the heads the framing planner saw over the opening seconds
  const top = req.overlays?.gameVideo ? OVERLAY_TOP.overGameplay : OVERLAY_TOP.normal;
  const faces = req.overlays?.gameVideo
    ? undefined
    : openingFaceBands(req.framing, req.sourceSize, plan.size, HOOK_TITLE_SECONDS);
  const extras = overlayAss(req.overlays ?? {}, template, plan.size, req.end - req.start, top, faces);
  await writeFile(plan.files.assPath, buildAss(req.words, template, plan.size, extras));
  await writeFile(plan.files.srtPath, toSrt(shifted(req.words, lead), req.template));
  await writeFile(plan.files.vttPath, toVtt(shifted(req.words, lead), req.template));
  for (const { tag, plan: track } of trackedParts(req.framing)) {
    await writeFile(
      path.join(req.outDir, cropCommandFile(req.baseName, tag)),
      cropCommands(track.points, track.fps, trackCropName(tag)),
    );
  }
  return plan;
}

/**
 * The sound of a short's whole mix (speech, music, meme clip) at its loudness. A short of the speech alone is
 * measured on the source's loudness curve when it has one; any other mix by an ebur128 pass over that same mix. One
 * gain reaches the target when the peaks allow it, applied by the render; otherwise passes with a true-peak limiter
 * write the finished sound, which the render only encodes.
 */
export async function shortSound(req: RenderRequest): Promise<ShortSound> {
  const overlays = req.overlays ?? {};
  const span = { start: req.start, end: req.end };
  const mix = {
    input: req.videoPath,
    audioStream: req.audioStream,
    ...span,
    music: overlays.music,
    memeHook: overlays.memeHook,
  };
  const options = { signal: req.signal };
  const curve = req.sourceLoudness;
  const fromCurve =
    !overlays.music && !overlays.memeHook && curve?.source === req.videoPath && curveCovers(curve, span);
  const measured = fromCurve
    ? spanLoudness(curve, span)
    : await runMeasuredPass(mixPassArgs(mix, MEASURING_FILTER), req.tools, options);
  const gain = loudnessGain(measured);
  if ('filter' in gain) return { loudnessFilter: gain.filter };
  const finishedMix = finishedMixFile(req);
  await limitMix(
    (filter, output) => mixPassArgs(mix, filter, output),
    gain.limitFromDb,
    finishedMix,
    req.tools,
    options,
  );
  return { finishedMix };
}

/**
 * Renders one short with burned captions, plus its thumbnail (from the same ffmpeg run) and subtitle files; its
 * sound normalised to −14 LUFS. Written in the scratch folder and moved into outDir once whole; nothing partial is
 * left on failure.
 */
export async function renderShort(req: RenderRequest): Promise<RenderOutput> {
  const staged = { ...req, outDir: req.scratchDir ?? req.outDir };
  const { files, scratchFiles } = renderFiles(staged);
  const finished = renderFiles(req).files;
  const ffmpeg = req.tools.ffmpeg;
  const lead = req.overlays?.memeHook?.duration ?? 0;
  const duration = req.end - req.start;
  try {
    await Promise.all([staged.outDir, req.outDir].map((dir) => mkdir(dir, { recursive: true })));
    const plan = renderPlan(staged, await shortSound(staged));
    const { args, size } = plan;
    await prepareRender(staged, plan);
    await runProcess(ffmpeg, args, {
      cwd: staged.outDir,
      signal: req.signal,
      onStdoutLine: createProgressParser(lead + duration, (fraction) => req.onProgress?.(fraction * 0.97)),
    });
    const probe = await probeMedia(files.videoPath, req.tools, { signal: req.signal });
    const [sha256, info] = await Promise.all([sha256File(files.videoPath), stat(files.videoPath)]);
    await Promise.all(
      (Object.keys(files) as (keyof typeof files)[]).map((key) => moveFile(files[key], finished[key])),
    );
    req.onProgress?.(1);
    return {
      ...finished,
      width: probe.video?.width ?? size.width,
      height: probe.video?.height ?? size.height,
      duration: probe.duration,
      sha256,
      bytes: info.size,
    };
  } catch (error) {
    const written = new Set([...Object.values(files), ...Object.values(finished)]);
    await Promise.all([...written].map((file) => rm(file, { force: true })));
    throw mediaFailure(
      error,
      'ffmpeg',
      (cause) =>
        new MediaProcessingError('Rendering the short failed; the server log has the details', { cause }),
    );
  } finally {
    await Promise.all(scratchFiles.map((file) => rm(file, { force: true })));
  }
}
