import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { probeMedia } from '../../media/probe.ts';
import { createProgressParser } from '../../media/progress.ts';
import { ProcessError, runProcess } from '../../media/process.ts';
import { renderShortArgs, thumbnailArgs } from '../../media/render-args.ts';
import { buildAss } from '../captions/ass.ts';
import { toSrt, toVtt } from '../captions/subtitles.ts';
import type { CaptionTemplate } from '../captions/templates.ts';
import { framingFilter } from '../framing/filters.ts';
import type { FramingPlan, Size } from '../framing/types.ts';
import { PipelineError, type Layout, type Word } from '../types.ts';

export interface RenderRequest {
  videoPath: string;
  /** seconds in videoPath */
  start: number;
  end: number;
  /** relative to the short's start */
  words: Word[];
  template: CaptionTemplate;
  layout: Layout;
  framing: FramingPlan;
  sourceSize: Size;
  outDir: string;
  baseName: string;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  ffmpegPath?: string;
  preset?: string;
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

/** The ffmpeg arguments of a short, also used by the benchmark to time ffmpeg alone. */
export function renderPlan(req: RenderRequest): {
  args: string[];
  files: Omit<RenderOutput, 'duration' | 'sha256' | 'bytes' | 'width' | 'height'>;
  size: Size;
} {
  const size = outputSize(req.layout);
  const files = {
    videoPath: path.join(req.outDir, `${req.baseName}.mp4`),
    thumbnailPath: path.join(req.outDir, `${req.baseName}.jpg`),
    srtPath: path.join(req.outDir, `${req.baseName}.srt`),
    vttPath: path.join(req.outDir, `${req.baseName}.vtt`),
    assPath: path.join(req.outDir, `${req.baseName}.ass`),
  };
  const args = renderShortArgs({
    input: req.videoPath,
    start: req.start,
    end: req.end,
    framingFilter: framingFilter(req.framing, req.sourceSize, size),
    assFile: path.basename(files.assPath),
    output: files.videoPath,
    preset: req.preset ?? DEFAULT_PRESET,
  });
  return { args, files, size };
}

/** Renders one short with burned captions, plus its thumbnail and subtitle files; nothing partial is left on failure. */
export async function renderShort(req: RenderRequest): Promise<RenderOutput> {
  const { args, files, size } = renderPlan(req);
  const ffmpeg = req.ffmpegPath ?? 'ffmpeg';
  const duration = req.end - req.start;
  try {
    await writeFile(files.assPath, buildAss(req.words, req.template, size));
    await writeFile(files.srtPath, toSrt(req.words, req.template));
    await writeFile(files.vttPath, toVtt(req.words, req.template));
    await runProcess(ffmpeg, args, {
      cwd: req.outDir,
      signal: req.signal,
      onStdoutLine: createProgressParser(duration, (fraction) => req.onProgress?.(fraction * 0.97)),
    });
    await runProcess(ffmpeg, thumbnailArgs(files.videoPath, Math.min(1, duration / 2), files.thumbnailPath), {
      signal: req.signal,
    });
    const probe = await probeMedia(files.videoPath, { signal: req.signal });
    const [sha256, info] = await Promise.all([sha256File(files.videoPath), stat(files.videoPath)]);
    req.onProgress?.(1);
    return {
      ...files,
      width: probe.video?.width ?? size.width,
      height: probe.video?.height ?? size.height,
      duration: probe.duration,
      sha256,
      bytes: info.size,
    };
  } catch (error) {
    await Promise.all(Object.values(files).map((file) => rm(file, { force: true })));
    if (error instanceof ProcessError)
      throw new PipelineError(`Rendering failed: ${error.message.slice(0, 200)}`);
    throw error;
  }
}
