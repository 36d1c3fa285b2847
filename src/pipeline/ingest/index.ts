import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { UnreadableMediaError } from '../../media/errors.ts';
import { makeIndexedCopy, seeksInexactly } from '../../media/indexed-copy.ts';
import { probeMedia, type MediaProbe } from '../../media/probe.ts';
import { ProcessError, runProcess } from '../../media/process.ts';
import type { MediaTools } from '../../media/tools.ts';
import { ByteLimiter } from '../../net/byte-limiter.ts';
import { NetworkPolicyError, safeFetch } from '../../net/safe-fetch.ts';
import { CancelledError, PipelineError } from '../../domain/errors.ts';
import type { Logger } from '../../domain/logger.ts';
import { checkSourceDuration, clampWindow, type TimeAdjustment } from './window.ts';
import {
  checkYtDlpVersion,
  downloadArgs,
  fetchYouTubeInfo,
  isYouTubeHost,
  youTubeUrlProblem,
  parseDownloadPercent,
} from './youtube.ts';

export { clampWindow, type TimeAdjustment } from './window.ts';

export interface HeatmapPoint {
  start: number;
  end: number;
  value: number;
}

export interface IngestRequest {
  /** local path, file:// URL, http(s) video URL, or YouTube URL */
  source: string;
  start?: number;
  end?: number;
  workDir: string;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  log: Logger;
  allowlist?: string[];
  maxBytes?: number;
  timeoutMs?: number;
  ytDlpPath?: string;
  tools: MediaTools;
  language?: string;
  maxWindowSeconds?: number;
}

export interface IngestResult {
  videoPath: string;
  /** seconds into videoPath where the window begins */
  windowStart: number;
  windowEnd: number;
  sourceDuration: number;
  title: string;
  probe: MediaProbe;
  timeAdjustment?: TimeAdjustment;
  heatmap: HeatmapPoint[];
  /** the source's own captions (YouTube) as WebVTT, when present */
  captionsPath?: string;
  /** the window in the captions' own timeline (they cover the whole source) */
  captionsWindow?: { start: number; end: number };
}

export type SourceKind = 'file' | 'http' | 'youtube';

export function sourceKind(source: string): SourceKind {
  if (/^https?:\/\//i.test(source)) return isYouTubeHost(source) ? 'youtube' : 'http';
  return 'file';
}

function localPath(source: string): string {
  return source.startsWith('file://') ? fileURLToPath(source) : path.resolve(source);
}

function checkPlayable(probe: MediaProbe): void {
  if (!probe.video) throw new PipelineError('The source has no video stream');
  if (!probe.audio) throw new PipelineError('The source has no audio track');
  if (!(probe.duration > 0)) throw new UnreadableMediaError();
  checkSourceDuration(probe.duration);
}

function checkWindowLength(start: number, end: number, maxWindowSeconds?: number): void {
  if (maxWindowSeconds !== undefined && end - start > maxWindowSeconds) {
    throw new PipelineError(
      `The window is ${Math.round(end - start)} s long; at most ${maxWindowSeconds} s is allowed`,
    );
  }
}

/** The file every step reads: `file`, or its indexed copy in the job's folder where seeks in `file` are not exact. */
async function seekableSource(
  file: string,
  probe: MediaProbe,
  req: IngestRequest,
): Promise<{ videoPath: string; probe: MediaProbe }> {
  if (!seeksInexactly(probe.formatName)) return { videoPath: file, probe };
  await mkdir(req.workDir, { recursive: true });
  const videoPath = path.join(req.workDir, 'source-indexed.mkv');
  await makeIndexedCopy(file, videoPath, req.tools, req.signal);
  return { videoPath, probe: await probeMedia(videoPath, req.tools, { signal: req.signal }) };
}

async function ingestFile(req: IngestRequest): Promise<IngestResult> {
  const file = localPath(req.source);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new PipelineError(`File not found: ${file}`);
  if (info.size === 0) throw new PipelineError('The file is empty (0 bytes)');
  const read = await probeMedia(file, req.tools, { signal: req.signal });
  checkPlayable(read);
  const { videoPath, probe } = await seekableSource(file, read, req);
  const window = clampWindow(req.start, req.end, probe.duration);
  checkWindowLength(window.start, window.end, req.maxWindowSeconds);
  req.onProgress?.(1);
  return {
    videoPath,
    windowStart: window.start,
    windowEnd: window.end,
    sourceDuration: probe.duration,
    title: path.parse(file).name,
    probe,
    timeAdjustment: window.adjustment,
    heatmap: [],
  };
}

const downloadTooLarge = (maxBytes: number) =>
  new PipelineError(`Video download failed: larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);

async function download(req: IngestRequest, target: string): Promise<void> {
  let response;
  try {
    response = await safeFetch(req.source, {
      allowlist: req.allowlist,
      signal: req.signal,
      timeoutMs: req.timeoutMs,
    });
  } catch (error) {
    if (req.signal.aborted) throw new CancelledError();
    if (error instanceof NetworkPolicyError)
      throw new PipelineError(`Video download refused: ${error.message}`);
    throw new PipelineError(`Video download failed: ${(error as Error).message}`);
  }
  if (response.status < 200 || response.status >= 300) {
    response.body.resume();
    throw new PipelineError(`Video download failed: HTTP ${response.status}`);
  }
  const length = Number(response.headers['content-length']);
  const maxBytes = req.maxBytes ?? Number.MAX_SAFE_INTEGER;
  if (Number.isFinite(length) && length > maxBytes) {
    response.body.destroy();
    throw downloadTooLarge(maxBytes);
  }
  try {
    await pipeline(
      response.body,
      new ByteLimiter(
        maxBytes,
        () => downloadTooLarge(maxBytes),
        (received) => {
          if (Number.isFinite(length) && length > 0) req.onProgress?.(Math.min(1, received / length));
        },
      ),
      createWriteStream(target),
    );
  } catch (error) {
    if (req.signal.aborted) throw new CancelledError();
    if (error instanceof PipelineError) throw error;
    throw new PipelineError(`Video download failed: ${(error as Error).message}`);
  }
}

async function ingestHttp(req: IngestRequest): Promise<IngestResult> {
  const target = path.join(req.workDir, 'source-download');
  await download(req, target);
  const size = (await stat(target)).size;
  if (size === 0) throw new PipelineError('Video download failed: the server sent an empty file');
  const local = await ingestFile({ ...req, source: target });
  if (local.videoPath !== target) await rm(target, { force: true });
  const name = decodeURIComponent(new URL(req.source).pathname.split('/').pop() ?? '') || 'video';
  return { ...local, title: path.parse(name).name };
}

async function ingestYouTube(req: IngestRequest): Promise<IngestResult> {
  const problem = youTubeUrlProblem(req.source);
  if (problem) throw new PipelineError(problem);
  const ytDlp = req.ytDlpPath ?? 'yt-dlp';
  const language = req.language ?? 'en';
  await checkYtDlpVersion(ytDlp, req.log, req.signal);
  const info = await fetchYouTubeInfo(req.source, ytDlp, language, req.signal);
  checkSourceDuration(info.duration);
  const window = clampWindow(req.start, req.end, info.duration);
  checkWindowLength(window.start, window.end, req.maxWindowSeconds);
  try {
    await runProcess(
      ytDlp,
      downloadArgs(
        req.source,
        window.start,
        window.end,
        path.join(req.workDir, 'source.%(ext)s'),
        language,
        req.tools.ffmpeg,
      ),
      {
        signal: req.signal,
        onStdoutLine: (line) => {
          const fraction = parseDownloadPercent(line);
          if (fraction !== undefined) req.onProgress?.(fraction);
        },
      },
    );
  } catch (error) {
    if (error instanceof ProcessError) {
      throw new PipelineError(
        `Video download failed: ${error.stderr.trim().split('\n').pop()?.slice(0, 160)}`,
      );
    }
    throw error;
  }
  const files = await readdir(req.workDir);
  const video = files.find((file) => file.startsWith('source.') && file.endsWith('.mp4'));
  const captions = files.find((file) => file.endsWith('.vtt'));
  if (!video) throw new PipelineError('Video download failed: yt-dlp produced no video file');
  const videoPath = path.join(req.workDir, video);
  const probe = await probeMedia(videoPath, req.tools, { signal: req.signal });
  checkPlayable(probe);
  const heatmap = info.heatmap
    .filter((point) => point.end > window.start && point.start < window.end)
    .map((point) => ({
      start: Math.max(0, point.start - window.start),
      end: Math.min(window.end, point.end) - window.start,
      value: point.value,
    }));
  return {
    videoPath,
    windowStart: 0,
    windowEnd: Math.min(probe.duration, window.end - window.start),
    sourceDuration: info.duration,
    title: info.title,
    probe,
    timeAdjustment: window.adjustment,
    heatmap,
    captionsPath: captions ? path.join(req.workDir, captions) : undefined,
    captionsWindow: { start: window.start, end: window.end },
  };
}

/**
 * Resolves, fetches and probes the source; on failure, removes whatever it downloaded. The download folder is
 * made inside the job's folder, which must exist: a job whose folder was removed (deleted) stops here.
 */
export async function ingest(req: IngestRequest): Promise<IngestResult> {
  const kind = sourceKind(req.source);
  if (kind === 'file') return ingestFile(req);
  await mkdir(req.workDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // left by an earlier attempt
  });
  try {
    return kind === 'youtube' ? await ingestYouTube(req) : await ingestHttp(req);
  } catch (error) {
    await rm(req.workDir, { recursive: true, force: true });
    throw error;
  }
}
