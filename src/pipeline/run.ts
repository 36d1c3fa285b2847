import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { spotCues, type SpokenCue } from '../engines/transcription/keyword-spotting.ts';
import { extractAudio } from '../media/audio.ts';
import { mediaTools } from '../media/tools.ts';
import { Checkpoints, type SharedCheckpoints } from './checkpoints.ts';
import { sceneCutsIn } from './framing/scene-probe.ts';
import { findHighlights } from './highlights/index.ts';
import { ingest, type HeatmapPoint, type IngestResult, type TimeAdjustment } from './ingest/index.ts';
import { chooseAssets } from './overlays.ts';
import {
  AUDIO_FILE,
  footageFile,
  planShort,
  renderPlannedShort,
  shortBaseName,
  startFaceDetectionFor,
  type ShortMaterial,
} from './short-render.ts';
import { transcriptConfidence } from './structure/confidence.ts';
import { LOUDNESS_STAGE, windowLoudness } from './source-loudness.ts';
import { analyseVoice, type VoiceAnalysis } from './structure/voice.ts';
import { loadTranscriptFile } from './transcribe/files.ts';
import { transcribe, transcriptFromWords, type ModelDownload } from './transcribe/index.ts';
import { CancelledError, PipelineError } from '../domain/errors.ts';
import { STEP_BASE_PROGRESS, type ProgressListener, type WorkingStep } from '../domain/steps.ts';
import type { ClipOptions } from '../domain/options.ts';
import type { Highlight, RenderedShort } from '../domain/shorts.ts';
import type { Logger } from '../domain/logger.ts';
import type { Transcript } from '../domain/transcript.ts';
import { mapInLanes, renderLanes, renderThreads } from './lanes.ts';

// The whole job: a source and options in, ranked rendered shorts out. Each finished stage is written to the
// work directory, so running the same job again with the same workDir resumes after the last finished stage.

export interface ClipJobInput {
  /** local path, http(s) URL or YouTube URL */
  source: string;
  start?: number;
  end?: number;
  options: ClipOptions;
  /** at most this many shorts (a demo account's limit) */
  maxShorts?: number;
}

export interface ClipJobContext {
  workDir: string;
  outDir: string;
  config: Config;
  signal: AbortSignal;
  onProgress: ProgressListener;
  log: Logger;
  maxWindowSeconds?: number;
  /** called with each short once rendered, before it is checkpointed (shared storage takes its files here) */
  publishShort?: (short: RenderedShort) => Promise<void>;
  /** where checkpoints another host can resume from are also kept */
  sharedCheckpoints?: Omit<SharedCheckpoints, 'hostLocal'>;
  /** shows a first-use model download (the CLI draws a bar on stderr; jobs of serve log its start and end) */
  modelDownloadProgress?: ModelDownload['progress'];
}

/**
 * Stages whose outputs name this host's files: the downloaded source, its audio, the chosen asset files, the
 * source's loudness curve.
 */
const HOST_LOCAL_STAGES: ReadonlySet<string> = new Set(['ingest', 'audio', 'assets', LOUDNESS_STAGE]);

/** Built-in and operator-added music, game videos and meme hooks. */
export function assetsDir(config: Config): string {
  return config.assetsDir ?? path.join(config.dataDir, 'assets');
}

export interface ClipJobResult {
  title: string;
  sourceDuration: number;
  timeAdjustment?: TimeAdjustment;
  heatmap: HeatmapPoint[];
  transcript: Transcript;
  /** best first; files in outDir */
  shorts: RenderedShort[];
}

/** A step's progress stays below the next step's base, so `step` and `progress` always agree. */
const STEP_SPAN = 19;

/** Overall progress (1..99) for a fraction of a working step. */
export function overallProgress(step: WorkingStep, fraction: number): number {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  return Math.max(1, Math.floor(STEP_BASE_PROGRESS[step] + clamped * STEP_SPAN));
}

export async function runClipJob(input: ClipJobInput, ctx: ClipJobContext): Promise<ClipJobResult> {
  const { options } = input;
  // the options were judged at the door (service/create-options.ts optionsRefusal): the pipeline trusts them
  const tools = mediaTools(ctx.config);
  await mkdir(ctx.workDir, { recursive: true });
  await mkdir(ctx.outDir, { recursive: true });
  const checkpoints = new Checkpoints(
    ctx.workDir,
    ctx.signal,
    ctx.sharedCheckpoints && { ...ctx.sharedCheckpoints, hostLocal: HOST_LOCAL_STAGES },
  );
  const report = (step: WorkingStep) => (fraction: number) => ctx.onProgress({ step, fraction });

  report('fetching_video')(0);
  const source = await checkpoints.stage('ingest', () =>
    ingest({
      source: input.source,
      start: input.start,
      end: input.end,
      workDir: path.join(ctx.workDir, 'download'),
      signal: ctx.signal,
      onProgress: report('fetching_video'),
      log: ctx.log,
      allowlist: ctx.config.networkAllowlist,
      maxBytes: ctx.config.maxDownloadBytes,
      timeoutMs: ctx.config.downloadTimeoutSeconds * 1000,
      ytDlpPath: ctx.config.ytDlpPath,
      tools,
      maxWindowSeconds: ctx.maxWindowSeconds,
    }),
  );
  report('transcribing_audio')(0);
  // work that needs nothing of the transcript runs beside it, on the cores its lanes leave idle (the assets and the
  // loudness curve run on one core); it is stopped when the job fails first
  const beside = new AbortController();
  const besideTools = { signal: AbortSignal.any([ctx.signal, beside.signal]), tools };
  const finishing = startBeside(async () => {
    const assets = await checkpoints.stage('assets', () =>
      chooseAssets(options, assetsDir(ctx.config), besideTools),
    );
    return { assets, loudness: await windowLoudness(source, { options, assets }, checkpoints, besideTools) };
  });
  try {
    const { voice, transcript, spokenCues } = await hearWindow(input, source, ctx, checkpoints);

    report('finding_highlights')(0);
    startFaceDetectionFor(options, source);
    const highlights = await checkpoints.stage('highlights', () =>
      highlightsOf(input, source, { transcript, spokenCues, voice }, ctx),
    );
    report('finding_highlights')(1);

    report('finalizing')(0);
    const { assets, loudness } = await finishing;
    const shorts = await renderHighlights(
      highlights,
      { source, transcript, voiced: voice.activity.regions, options, assets, loudness },
      ctx,
      checkpoints,
      (f) => report('finalizing')(f),
    );
    report('finalizing')(1);

    return {
      title: source.title,
      sourceDuration: source.sourceDuration,
      timeAdjustment: source.timeAdjustment,
      heatmap: source.heatmap,
      transcript,
      shorts,
    };
  } catch (error) {
    beside.abort();
    throw error;
  }
}

/** Starts `work`, which is awaited where it is needed; a job that fails before must not leave its rejection unheard. */
function startBeside<T>(work: () => Promise<T>): Promise<T> {
  const started = work();
  started.catch(() => undefined);
  return started;
}

/** What the job hears of its window: its voice activity, its transcript and, where wanted, its spoken cues. */
export interface HeardWindow {
  voice: VoiceAnalysis;
  transcript: Transcript;
  spokenCues?: SpokenCue[];
}

/**
 * The job's transcribing step on its own: the window's audio, its voice activity and its transcript, and the cue
 * phrases listened for in the audio where the transcript wants them (beside the transcription, on a core of its own,
 * when it certainly will). The job runs other work beside this step; the bench also times it alone.
 */
export async function hearWindow(
  input: ClipJobInput,
  source: IngestResult,
  ctx: ClipJobContext,
  checkpoints: Checkpoints,
): Promise<HeardWindow> {
  const tools = mediaTools(ctx.config);
  await mkdir(ctx.workDir, { recursive: true });
  const wavPath = path.join(ctx.workDir, AUDIO_FILE);
  await checkpoints.stage('audio', async () => {
    await extractAudio(source.videoPath, source.windowStart, source.windowEnd, wavPath, tools, {
      signal: ctx.signal,
      audioStream: source.probe.audio?.stream,
    });
    return { wavPath };
  });
  const spotting = new AbortController();
  const spotCuesStage = () =>
    checkpoints.stage('cues', () =>
      spokenCuesOf(wavPath, { ...ctx, signal: AbortSignal.any([ctx.signal, spotting.signal]) }),
    );
  const spottedBeside = spotsCuesForCertain(input, source, ctx.config)
    ? startBeside(spotCuesStage)
    : undefined;
  try {
    const voice = await checkpoints.stage('voice', () => analyseVoice(wavPath, ctx.signal));
    const transcript = await checkpoints.stage('transcript', () =>
      transcribeWindow(input, source, { wavPath, voice }, ctx, (fraction) =>
        ctx.onProgress({ step: 'transcribing_audio', fraction }),
      ),
    );
    const spokenCues = needsSpokenCues(transcript) ? await (spottedBeside ?? spotCuesStage()) : undefined;
    return { voice, transcript, spokenCues };
  } finally {
    // cues nobody waits for are not listened for any longer
    spotting.abort();
  }
}

/** The window's highlights, best first, from its transcript, spoken cues, voice and the scene cuts at its pauses. */
function highlightsOf(
  input: ClipJobInput,
  source: IngestResult,
  heard: { transcript: Transcript; spokenCues?: SpokenCue[]; voice: VoiceAnalysis },
  ctx: ClipJobContext,
): Promise<Highlight[]> {
  const { options } = input;
  const shift = (t: number) => t + source.windowStart;
  return findHighlights({
    ...heard,
    windowDuration: source.windowEnd - source.windowStart,
    preferredLength: options.preferredLength,
    noClipping: options.noClipping,
    maxShorts: input.maxShorts,
    sceneCutsIn: async (stretches) => {
      const cuts = await sceneCutsIn(
        source.videoPath,
        stretches.map((s) => ({ start: shift(s.start), end: shift(s.end) })),
        { signal: ctx.signal, tools: mediaTools(ctx.config) },
      );
      return cuts.map((cut) => cut - source.windowStart);
    },
    heatmap: source.heatmap,
    windowStart: source.windowStart,
    language: options.language,
    signal: ctx.signal,
    log: ctx.log,
    llm: ctx.config.llmBaseUrl
      ? { baseUrl: ctx.config.llmBaseUrl, apiKey: ctx.config.llmApiKey, model: ctx.config.llmModel }
      : undefined,
  });
}

/** Below this trust in its words, a transcript's cue phrases are also listened for in the audio. */
export const SPOT_CUES_BELOW_CONFIDENCE = 0.6;

/**
 * Whether cue phrases should be found in the audio by keyword spotting: an English transcript by pocketsphinx
 * (whose words over music are mostly wrong) or one whose words earn little trust.
 */
export function needsSpokenCues(transcript: Pick<Transcript, 'language' | 'engine' | 'words'>): boolean {
  if (transcript.language !== 'en') return false;
  return (
    transcript.engine === 'pocketsphinx' ||
    transcriptConfidence(transcript.words) < SPOT_CUES_BELOW_CONFIDENCE
  );
}

/**
 * Whether the window's transcript will certainly want its spoken cues before it is made: English transcribed by
 * pocketsphinx, with no transcript supplied and no captions of the source's own to take instead.
 */
export function spotsCuesForCertain(
  input: Pick<ClipJobInput, 'options'>,
  source: Pick<IngestResult, 'captionsPath'>,
  config: Pick<Config, 'transcriber'>,
): boolean {
  const { options } = input;
  const engine = options.transcriber ?? config.transcriber;
  return (
    engine === 'pocketsphinx' && options.language === 'en' && !options.transcriptPath && !source.captionsPath
  );
}

/** The window's spoken cues; a spotter that cannot run (pocketsphinx not installed) is a warning, not a failure. */
async function spokenCuesOf(wavPath: string, ctx: ClipJobContext): Promise<SpokenCue[]> {
  try {
    return await spotCues(wavPath, { signal: ctx.signal, log: ctx.log });
  } catch (error) {
    if (error instanceof CancelledError || ctx.signal.aborted) throw error;
    ctx.log.warn(`Cue phrases were not listened for in the audio: ${(error as Error).message}`);
    return [];
  }
}

async function transcribeWindow(
  input: ClipJobInput,
  source: IngestResult,
  audio: { wavPath: string; voice: VoiceAnalysis },
  ctx: ClipJobContext,
  onProgress: (fraction: number) => void,
): Promise<Transcript> {
  const layout = audio.voice.activity;
  const { options } = input;
  const suppliedPath = options.transcriptPath ?? source.captionsPath;
  if (suppliedPath) {
    const window = options.transcriptPath
      ? { start: source.windowStart, end: source.windowEnd }
      : (source.captionsWindow ?? { start: source.windowStart, end: source.windowEnd });
    const words = await loadTranscriptFile(suppliedPath, window);
    if (words.length > 0) {
      ctx.log.info(
        options.transcriptPath
          ? `Using the supplied transcript ${suppliedPath}`
          : 'Using the source’s own captions',
      );
      return transcriptFromWords(
        words,
        options.language,
        options.transcriptPath ? 'file' : 'youtube',
        layout,
      );
    }
    if (options.transcriptPath)
      throw new PipelineError('The supplied transcript has no words inside the window');
  }
  return transcribe({
    wavPath: audio.wavPath,
    layout,
    duration: source.windowEnd - source.windowStart,
    language: options.language,
    engine: options.transcriber ?? ctx.config.transcriber,
    signal: ctx.signal,
    onProgress,
    log: ctx.log,
    modelsDir: path.join(ctx.config.dataDir, 'models'),
    whisperModel: ctx.config.whisperModel,
    whisperGpu: ctx.config.whisperGpu,
    openai: ctx.config.openaiBaseUrl
      ? {
          baseUrl: ctx.config.openaiBaseUrl,
          apiKey: ctx.config.openaiApiKey,
          model: ctx.config.openaiTranscribeModel,
        }
      : undefined,
    concurrency: ctx.config.concurrency,
    tools: mediaTools(ctx.config),
    modelDownload: {
      baseUrl: ctx.config.modelsUrl,
      allowlist: ctx.config.networkAllowlist,
      progress: ctx.modelDownloadProgress,
    },
  });
}

/**
 * Renders the shorts best first, in lanes matched to the cores: one render leaves part of the cores idle (its
 * filters run on one thread), so while one short renders another is analysed or rendered. Finished plans and
 * shorts are checkpointed; the shorts come back in rank order.
 */
async function renderHighlights(
  highlights: Highlight[],
  material: ShortMaterial,
  ctx: ClipJobContext,
  checkpoints: Checkpoints,
  onProgress: (fraction: number) => void,
): Promise<RenderedShort[]> {
  const failed = new AbortController();
  const signal = AbortSignal.any([ctx.signal, failed.signal]);
  const fractions = highlights.map(() => 0);
  const progressOf = (rank: number) => (fraction: number) => {
    fractions[rank] = Math.min(1, fraction);
    onProgress(fractions.reduce((sum, part) => sum + part, 0) / highlights.length);
  };
  const lanes = Math.min(ctx.config.concurrency, highlights.length);
  const inLanes = { ...ctx, renderThreads: renderThreads(lanes) };
  return mapInLanes(
    highlights,
    renderLanes(lanes),
    async (highlight, rank) => {
      const shortProgress = progressOf(rank);
      const done = await checkpoints.read<RenderedShort>(`short-${rank + 1}`);
      if (done) {
        shortProgress(1);
        return done;
      }
      const identity = { id: randomBytes(12).toString('hex'), rank };
      const baseName = shortBaseName(identity, identity.id.slice(0, 8));
      const plan = await checkpoints.stage(`framing-${rank + 1}`, () =>
        planShort(highlight, material, footageFile(ctx, baseName), ctx, signal, (fraction) =>
          shortProgress(fraction * 0.25),
        ),
      );
      const short = await renderPlannedShort(
        highlight,
        identity,
        baseName,
        plan,
        material,
        inLanes,
        signal,
        (fraction) => shortProgress(0.25 + fraction * 0.75),
      );
      await ctx.publishShort?.(short);
      await checkpoints.write(`short-${rank + 1}`, short);
      return short;
    },
    () => failed.abort(),
  );
}
