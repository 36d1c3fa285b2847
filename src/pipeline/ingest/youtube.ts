import { runProcess, ProcessError } from '../../media/process.ts';
import { PipelineError } from '../../domain/errors.ts';
import type { Logger } from '../../domain/logger.ts';

// YouTube sources through the yt-dlp command line.

const YOUTUBE_HOSTS = new Set([
  'youtube.com',
  'www.youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtu.be',
]);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function isYouTubeHost(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && YOUTUBE_HOSTS.has(parsed.hostname.toLowerCase());
}

export function isYouTubeShortsUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && isYouTubeHost(url) && /^\/shorts\//.test(parsed.pathname);
}

/** The 11-character video id of a YouTube video URL (watch, youtu.be, embed, live), or undefined. */
export function youTubeVideoId(url: string): string | undefined {
  const parsed = parse(url);
  if (!parsed || !isYouTubeHost(url)) return undefined;
  const candidate =
    parsed.hostname.toLowerCase() === 'youtu.be'
      ? parsed.pathname.slice(1).split('/')[0]
      : parsed.pathname === '/watch'
        ? (parsed.searchParams.get('v') ?? '')
        : (/^\/(?:embed|live|v)\/([^/]+)/.exec(parsed.pathname)?.[1] ?? '');
  return /^[A-Za-z0-9_-]{11}$/.test(candidate) ? candidate : undefined;
}

export function isYouTubeUrl(url: string): boolean {
  return youTubeVideoId(url) !== undefined;
}

/** Why `url` cannot be clipped as a YouTube video (a Shorts URL, or not a video URL), or undefined when it can. */
export function youTubeUrlProblem(url: string): string | undefined {
  if (isYouTubeShortsUrl(url)) return 'YouTube Shorts URLs cannot be clipped; give a regular video URL';
  if (!isYouTubeUrl(url)) return 'url must be a YouTube video URL';
  return undefined;
}

export interface YouTubeInfo {
  title: string;
  duration: number;
  heatmap: { start: number; end: number; value: number }[];
  hasCaptions: boolean;
}

interface RawInfo {
  title?: string;
  duration?: number;
  heatmap?: Array<{ start_time?: number; end_time?: number; value?: number }> | null;
  subtitles?: Record<string, unknown>;
  automatic_captions?: Record<string, unknown>;
}

export function parseYtDlpInfo(json: string, language: string): YouTubeInfo {
  const raw = JSON.parse(json) as RawInfo;
  const captionLanguages = [
    ...Object.keys(raw.subtitles ?? {}),
    ...Object.keys(raw.automatic_captions ?? {}),
  ];
  return {
    title: raw.title ?? 'YouTube video',
    duration: Number(raw.duration ?? 0),
    heatmap: (raw.heatmap ?? [])
      .filter((p) => Number.isFinite(p.start_time) && Number.isFinite(p.end_time) && Number.isFinite(p.value))
      .map((p) => ({ start: p.start_time as number, end: p.end_time as number, value: p.value as number })),
    hasCaptions: captionLanguages.some((code) => code === language || code.startsWith(`${language}-`)),
  };
}

export function infoArgs(url: string): string[] {
  return ['--dump-json', '--no-playlist', '--no-warnings', '--skip-download', url];
}

/**
 * yt-dlp's arguments for the window [start, end] of the video with its captions. The window's streams are copied
 * as they are: its ffmpeg starts the picture at the keyframe before `start` and marks the frames before it to be
 * skipped (an MP4 edit list, which every ffmpeg read of the file honours), so the file's 0 s is the window's start.
 * Forcing keyframes at the cuts instead would code the whole window again, slower than the rest of the job.
 */
export function downloadArgs(
  url: string,
  start: number,
  end: number,
  outputTemplate: string,
  language: string,
  ffmpegPath: string,
) {
  return [
    '--no-playlist',
    '--ffmpeg-location',
    ffmpegPath,
    '--no-warnings',
    '--newline',
    '-f',
    'bv*[height<=1080][ext=mp4]+ba[ext=m4a]/b[height<=1080]/bv*+ba/b',
    '--merge-output-format',
    'mp4',
    '--download-sections',
    `*${start.toFixed(3)}-${end.toFixed(3)}`,
    '--write-subs',
    '--write-auto-subs',
    '--sub-langs',
    `${language}.*,${language}`,
    '--sub-format',
    'vtt',
    '-o',
    outputTemplate,
    url,
  ];
}

/** yt-dlp's "[download]  42.3% of …" lines → a fraction. */
export function parseDownloadPercent(line: string): number | undefined {
  const match = /\[download\]\s+([\d.]+)%/.exec(line);
  return match ? Number(match[1]) / 100 : undefined;
}

/** Warns when yt-dlp is older than 2024: YouTube changes often and old releases fail to fetch it. */
export async function checkYtDlpVersion(ytDlpPath: string, log: Logger, signal?: AbortSignal): Promise<void> {
  try {
    const { stdout } = await runProcess(ytDlpPath, ['--version'], { signal });
    const year = Number(stdout.trim().slice(0, 4));
    if (year < 2024)
      log.warn(`yt-dlp ${stdout.trim()} is old; YouTube needs a current release (set CLIPFORGE_YTDLP_PATH)`);
  } catch (error) {
    if (error instanceof ProcessError) throw new PipelineError(`yt-dlp is not usable: ${error.message}`);
    throw error;
  }
}

export async function fetchYouTubeInfo(
  url: string,
  ytDlpPath: string,
  language: string,
  signal?: AbortSignal,
): Promise<YouTubeInfo> {
  try {
    const { stdout } = await runProcess(ytDlpPath, infoArgs(url), { signal });
    return parseYtDlpInfo(stdout, language);
  } catch (error) {
    if (error instanceof ProcessError) {
      throw new PipelineError(
        `Video download failed: ${error.stderr.trim().split('\n').pop()?.slice(0, 160)}`,
      );
    }
    throw error;
  }
}
