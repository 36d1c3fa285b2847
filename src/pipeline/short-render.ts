import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { createHumanFaceDetector, startFaceDetection } from '../engines/faces/human.ts';
import { LrAsd } from '../engines/speakers/lr-asd.ts';
import type { LoudnessCurve } from '../media/loudness-curve.ts';
import { mediaTools } from '../media/tools.ts';
import { findTemplate } from './captions/templates.ts';
import { withCaptionEdits } from './caption-edits.ts';
import type { AnalysedStretch } from './framing/analysis-reuse.ts';
import { followsFaces, planFramingFromFaces } from './framing/plan.ts';
import type { FramingPlan } from './framing/types.ts';
import type { IngestResult } from './ingest/index.ts';
import { shortOverlays, type ChosenAssets } from './overlays.ts';
import { contentSize, renderShort, type RenderOverlays } from './render/index.ts';
import { tightenSpan } from './tighten/index.ts';
import { wordsOfSpan } from './transcript-span.ts';
import { PipelineError } from '../domain/errors.ts';
import type { ClipOptions } from '../domain/options.ts';
import type { CaptionEdits } from '../domain/short-edits.ts';
import type { Logger } from '../domain/logger.ts';
import type { Highlight, RenderedShort } from '../domain/shorts.ts';
import type { Transcript, Word } from '../domain/transcript.ts';
import type { Span } from './cut-snap.ts';

// One short from its highlight: the footage it is cut from (the source's span, or that span with its pauses
// tightened), how it will look (overlays, framing), and its render. Shared by a clipping job and a re-render.

/** What making a short needs of its job: its folders, the configuration and a log. */
export interface ShortContext {
  workDir: string;
  outDir: string;
  config: Config;
  log: Logger;
  /** threads of each render's decoders and filters while shorts render in lanes; unset for a short made alone */
  renderThreads?: number;
}

/** What every short of a request is made from. Times of the transcript and `voiced` are on the window's clock. */
export interface ShortMaterial {
  source: IngestResult;
  transcript: Transcript;
  /** where the voice detector heard speech (for tightening) */
  voiced: readonly Span[];
  options: ClipOptions;
  assets: ChosenAssets;
  captionEdits?: CaptionEdits;
  /** the window's loudness curve, when its shorts are of the speech alone */
  loudness?: LoudnessCurve;
}

/** The footage a short is rendered from: times in videoPath, words on the short's own clock. */
export interface ShortFootage {
  videoPath: string;
  /** which of videoPath's audio streams is the speech (MediaProbe's `audio.stream`; the first when unset) */
  audioStream?: number;
  start: number;
  end: number;
  words: Word[];
}

/** How one short will look: its footage, its overlays and its framing plan (the face analysis is done here). */
export interface ShortPlan {
  footage: ShortFootage;
  overlays: RenderOverlays;
  framing: FramingPlan;
  /** the faces and cuts found in footage.videoPath (`auto`), kept for a re-render over other bounds */
  analysed?: AnalysedStretch;
}

/** What an earlier plan of a short leaves to planning it again from the same video. */
export interface EarlierFraming {
  /** a framing planned for the very same footage and layout, reused as it is */
  framing?: FramingPlan;
  /** faces and cuts found in the same video, reused where they overlap the new footage */
  analysed?: AnalysedStretch;
}

/** Who a short is: its id, and its place in the ranking (which names its files). */
export interface ShortIdentity {
  id: string;
  rank: number;
}

export function sourceSizeOf(source: IngestResult) {
  const video = source.probe.video;
  if (!video) throw new PipelineError('The source has no video stream');
  return { width: video.width, height: video.height };
}

/**
 * Starts the face detector while the job chooses its moments, when its shorts will be framed by the faces in them:
 * loading the model then overlaps that work instead of delaying the first short's framing.
 */
export function startFaceDetectionFor(
  options: Pick<ClipOptions, 'layout' | 'gameVideo'>,
  source: IngestResult,
): void {
  if (!source.probe.video) return;
  const framed = contentSize(options.layout, options.gameVideo);
  if (followsFaces(options.layout, sourceSizeOf(source), framed)) startFaceDetection();
}

/** The file name of a rendering of a short, new for each rendering (so a re-rendered short's URLs change). */
export function shortBaseName(identity: ShortIdentity, renderTag: string): string {
  return `short-${identity.rank + 1}-${renderTag}`;
}

async function footageOf(
  highlight: Highlight,
  material: ShortMaterial,
  workFile: string,
  ctx: ShortContext,
  signal: AbortSignal,
): Promise<ShortFootage> {
  const { source } = material;
  const words = withCaptionEdits(material.transcript.words, material.captionEdits);
  if (!material.options.trimPauses) {
    return {
      videoPath: source.videoPath,
      audioStream: source.probe.audio?.stream,
      start: source.windowStart + highlight.start,
      end: source.windowStart + highlight.end,
      words: wordsOfSpan(words, highlight.start, highlight.end),
    };
  }
  const clip = await tightenSpan({
    videoPath: source.videoPath,
    audioStream: source.probe.audio?.stream,
    windowStart: source.windowStart,
    span: highlight,
    words,
    voiced: material.voiced,
    output: workFile,
    tools: mediaTools(ctx.config),
    signal,
  });
  return { videoPath: clip.videoPath, start: 0, end: clip.duration, words: clip.words };
}

/** Plans a short: cuts its footage (into `workFile` when tightened), then its overlays and its framing. */
export async function planShort(
  highlight: Highlight,
  material: ShortMaterial,
  workFile: string,
  ctx: ShortContext,
  signal: AbortSignal,
  onProgress?: (fraction: number) => void,
  earlier: EarlierFraming = {},
): Promise<ShortPlan> {
  const footage = await footageOf(highlight, material, workFile, ctx, signal);
  const tools = mediaTools(ctx.config);
  const { options, assets, source } = material;
  const overlays = await shortOverlays(
    options,
    assets,
    { title: highlight.title, ...footage },
    { signal, tools },
  );
  const planned = earlier.framing
    ? { plan: earlier.framing }
    : await planFramingFromFaces({
        videoPath: footage.videoPath,
        audioStream: footage.audioStream,
        start: footage.start,
        end: footage.end,
        layout: options.layout,
        sourceSize: sourceSizeOf(source),
        outputSize: contentSize(options.layout, Boolean(overlays.gameVideo)),
        detector: createHumanFaceDetector,
        speakers: () => LrAsd.load(),
        log: ctx.log,
        signal,
        tools,
        onProgress,
        analysedBefore: earlier.analysed,
      });
  // a framing that looked at no faces (another layout) leaves the earlier analysis of the video to the next one
  return { footage, overlays, framing: planned.plan, analysed: planned.analysed ?? earlier.analysed };
}

const FOOTAGE_PREFIX = 'tightened-';

/** Where a short's tightened footage is made, in the job's work folder. */
export function footageFile(ctx: Pick<ShortContext, 'workDir'>, baseName: string): string {
  return path.join(ctx.workDir, `${FOOTAGE_PREFIX}${baseName}.mkv`);
}

/**
 * Removes what a finished job no longer needs of its work folder (its audio, its tightened footage), keeping the
 * analysis a re-render reads (the checkpoints, and the source).
 */
export async function removeJobScratch(workDir: string): Promise<void> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name === AUDIO_FILE || name.startsWith(FOOTAGE_PREFIX))
      .map((name) => rm(path.join(workDir, name), { force: true })),
  );
}

/** The job's audio (16 kHz WAV of the window), in its work folder. */
export const AUDIO_FILE = 'audio.wav';

/** Renders a planned short into ctx.outDir as `baseName`.* files. */
export async function renderPlannedShort(
  highlight: Highlight,
  identity: ShortIdentity,
  baseName: string,
  { footage, overlays, framing }: ShortPlan,
  { source, options, loudness }: ShortMaterial,
  ctx: ShortContext,
  signal: AbortSignal,
  onProgress: (fraction: number) => void,
): Promise<RenderedShort> {
  const template = findTemplate(options.templateId);
  if (!template) throw new PipelineError(`Unknown templateId "${options.templateId}"`);
  const output = await renderShort({
    videoPath: footage.videoPath,
    audioStream: footage.audioStream,
    start: footage.start,
    end: footage.end,
    words: footage.words,
    template,
    layout: options.layout,
    framing,
    sourceSize: sourceSizeOf(source),
    sourcePicture: {
      squarePixels: !source.probe.video?.pixelAspect,
      hdr: source.probe.video?.hdr,
    },
    outDir: ctx.outDir,
    scratchDir: ctx.workDir,
    baseName,
    signal,
    onProgress,
    tools: mediaTools(ctx.config),
    preset: ctx.config.x264Preset,
    overlays,
    sourceLoudness: loudness,
    threads: ctx.renderThreads,
  });
  return {
    ...highlight,
    ...identity,
    videoPath: output.videoPath,
    thumbnailPath: output.thumbnailPath,
    srtPath: output.srtPath,
    vttPath: output.vttPath,
    width: output.width,
    height: output.height,
    duration: output.duration,
    sha256: output.sha256,
    bytes: output.bytes,
  };
}
