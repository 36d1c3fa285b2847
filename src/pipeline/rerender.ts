import { randomBytes } from 'node:crypto';
import { access, rm } from 'node:fs/promises';
import { mediaTools } from '../media/tools.ts';
import { Checkpoints } from './checkpoints.ts';
import type { Span } from './cut-snap.ts';
import type { IngestResult } from './ingest/index.ts';
import { chooseAssets, type ChosenAssets } from './overlays.ts';
import { assetsDir } from './run.ts';
import {
  footageFile,
  planShort,
  type EarlierFraming,
  renderPlannedShort,
  shortBaseName,
  type ShortContext,
  type ShortIdentity,
  type ShortPlan,
} from './short-render.ts';
import { windowLoudness } from './source-loudness.ts';
import type { VoiceAnalysis } from './structure/voice.ts';
import { PipelineError } from '../domain/errors.ts';
import type { ClipOptions, Layout } from '../domain/options.ts';
import type { CaptionEdits } from '../domain/short-edits.ts';
import type { Highlight, RenderedShort } from '../domain/shorts.ts';
import type { Transcript } from '../domain/transcript.ts';

// Rendering a finished short again from its request's kept analysis (the checkpoints of its job: the source,
// transcript, voice activity, chosen assets and framing plans): no download, no transcription, no highlights.

export interface RerenderInput {
  /** the short as it is, with its new title; its start and end are its old bounds (window clock) */
  short: Highlight & ShortIdentity;
  /** its new bounds, snapped into the pauses around words (window clock) */
  span: Span;
  /** the request's options with the short's look laid over them */
  options: ClipOptions;
  captionEdits: CaptionEdits;
  /** the music and other asset options are unchanged, so the assets the job chose stay */
  sameAssets: boolean;
}

export interface RerenderContext extends ShortContext {
  signal: AbortSignal;
  onProgress: (fraction: number) => void;
}

const GONE = 'The analysis of this request is no longer kept; make a new request to edit its shorts';

/** What a request's job kept of its window for its shorts to be edited (times on the window's clock). */
export interface KeptWindow {
  transcript: Transcript;
  /** where the voice detector heard speech, and the loudness over time */
  voice: { activity: Pick<VoiceAnalysis['activity'], 'regions'>; envelope: VoiceAnalysis['envelope'] };
}

/** The window's transcript and what the voice detector heard in it, as the job kept them; undefined once gone. */
export async function readKeptWindow(checkpoints: Checkpoints): Promise<KeptWindow | undefined> {
  const transcript = await checkpoints.read<Transcript>('transcript');
  const voice = await checkpoints.read<VoiceAnalysis>('voice');
  return transcript && voice ? { transcript, voice } : undefined;
}

async function kept<T>(checkpoints: Checkpoints, stage: string): Promise<T> {
  const value = await checkpoints.read<T>(stage);
  if (value === undefined) throw new PipelineError(GONE);
  return value;
}

/** A short's plan as kept in its checkpoint, with the layout it was framed for (a job's: its request's). */
type KeptPlan = Partial<ShortPlan> & { layout?: Layout };

const planStage = (rank: number) => `framing-${rank + 1}`;

/**
 * What the kept plan of this short leaves to framing it again from the source: its framing when the new rendering
 * frames the very same footage in the same layout, and the faces and cuts it found. Tightened footage is a clip
 * of its own, framed afresh.
 */
async function earlierFraming(
  input: RerenderInput,
  source: IngestResult,
  requestOptions: Pick<ClipOptions, 'layout'>,
  checkpoints: Checkpoints,
): Promise<EarlierFraming> {
  const { short, span, options } = input;
  if (options.trimPauses) return {};
  const kept = await checkpoints.read<KeptPlan>(planStage(short.rank));
  const footage = kept?.footage;
  if (!kept || footage?.videoPath !== source.videoPath) return {};
  const same =
    footage.start === source.windowStart + span.start &&
    footage.end === source.windowStart + span.end &&
    (kept.layout ?? requestOptions.layout) === options.layout;
  return { framing: same ? kept.framing : undefined, analysed: kept.analysed };
}

export async function rerenderShort(
  input: RerenderInput,
  requestOptions: Pick<ClipOptions, 'layout'>,
  ctx: RerenderContext,
): Promise<RenderedShort> {
  const checkpoints = new Checkpoints(ctx.workDir, ctx.signal);
  const source = await kept<IngestResult>(checkpoints, 'ingest');
  await access(source.videoPath).catch(() => {
    throw new PipelineError(GONE);
  });
  const window = await readKeptWindow(checkpoints);
  if (!window) throw new PipelineError(GONE);
  const { transcript, voice } = window;
  const assets = input.sameAssets
    ? await kept<ChosenAssets>(checkpoints, 'assets')
    : await chooseAssets(input.options, assetsDir(ctx.config), {
        signal: ctx.signal,
        tools: mediaTools(ctx.config),
      });
  const highlight = { ...input.short, start: input.span.start, end: input.span.end };
  const loudness = await windowLoudness(source, { options: input.options, assets }, checkpoints, {
    tools: mediaTools(ctx.config),
    signal: ctx.signal,
  });
  const material = {
    source,
    transcript,
    voiced: voice.activity.regions,
    options: input.options,
    assets,
    captionEdits: input.captionEdits,
    loudness,
  };
  const identity = { id: input.short.id, rank: input.short.rank };
  const baseName = shortBaseName(identity, randomBytes(4).toString('hex'));
  const workFile = footageFile(ctx, baseName);
  try {
    const plan = await planShort(
      highlight,
      material,
      workFile,
      ctx,
      ctx.signal,
      (fraction) => ctx.onProgress(fraction * 0.25),
      await earlierFraming(input, source, requestOptions, checkpoints),
    );
    // the next re-render of the same footage (a template change, say) frames it from here
    if (!input.options.trimPauses)
      await checkpoints.write<KeptPlan>(planStage(identity.rank), { ...plan, layout: input.options.layout });
    return await renderPlannedShort(
      highlight,
      identity,
      baseName,
      plan,
      material,
      ctx,
      ctx.signal,
      (fraction) => ctx.onProgress(0.25 + fraction * 0.75),
    );
  } finally {
    await rm(workFile, { force: true });
  }
}
