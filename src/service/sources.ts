import { stat } from 'node:fs/promises';
import path from 'node:path';
import { probeMedia } from '../media/probe.ts';
import { NetworkPolicyError, safeFetch } from '../net/safe-fetch.ts';
import { isYouTubeShortsUrl, isYouTubeUrl } from '../pipeline/ingest/index.ts';
import { fetchYouTubeInfo } from '../pipeline/ingest/youtube.ts';
import { PipelineError } from '../pipeline/types.ts';
import { ApiError } from '../http/errors.ts';

// Checks a create request's source before a credit is taken: kind, reachability under the network policy,
// and duration.

export interface ResolvedSource {
  /** what the worker fetches: a local path for uploads, else the URL */
  source: string;
  kind: 'youtube' | 'http' | 'upload';
  duration: number;
}

const UPLOAD_PATH = /\/api\/v1\/uploads\/([0-9a-f]{24})(?:\/[^/?#]*)?$/;

export async function resolveSource(
  body: { url?: string; fileUrl?: string },
  options: {
    publicUrl: string;
    uploadsDir: string;
    allowlist: string[];
    ytDlpPath: string;
    ffprobePath: string;
  },
): Promise<ResolvedSource> {
  if (body.url !== undefined) {
    if (isYouTubeShortsUrl(body.url)) {
      throw new ApiError(
        'invalid_youtube_url',
        'YouTube Shorts URLs cannot be clipped; give a regular video URL',
        { field: 'url' },
      );
    }
    if (!isYouTubeUrl(body.url))
      throw new ApiError('invalid_youtube_url', 'url must be a YouTube video URL', { field: 'url' });
    try {
      const info = await fetchYouTubeInfo(body.url, options.ytDlpPath, 'en', AbortSignal.timeout(60_000));
      return { source: body.url, kind: 'youtube', duration: info.duration };
    } catch (error) {
      throw new ApiError(
        'url_validation_failed',
        `The video could not be validated: ${(error as Error).message}`,
        { field: 'url' },
      );
    }
  }
  const fileUrl = body.fileUrl as string;
  const upload = fileUrl.startsWith(options.publicUrl) ? UPLOAD_PATH.exec(new URL(fileUrl).pathname) : null;
  if (upload) {
    const file = path.join(options.uploadsDir, upload[1]);
    if (!(await stat(file).catch(() => undefined))) {
      throw new ApiError('url_validation_failed', 'fileUrl names an upload that does not exist', {
        field: 'fileUrl',
      });
    }
    return { source: file, kind: 'upload', duration: await durationOf(file, options.ffprobePath, 'fileUrl') };
  }
  if (!/^https?:\/\//i.test(fileUrl)) {
    throw new ApiError('invalid_request', 'fileUrl: must be an http(s) URL', {
      fields: { fileUrl: 'must be an http(s) URL' },
    });
  }
  try {
    const response = await safeFetch(fileUrl, {
      allowlist: options.allowlist,
      timeoutMs: 15_000,
      headers: { range: 'bytes=0-0' },
    });
    response.body.destroy();
    if (response.status >= 400) {
      throw new ApiError('url_validation_failed', `fileUrl could not be fetched: HTTP ${response.status}`, {
        field: 'fileUrl',
      });
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const reason =
      error instanceof NetworkPolicyError ? error.message : `unreachable (${(error as Error).message})`;
    throw new ApiError('url_validation_failed', `fileUrl is refused: ${reason}`, { field: 'fileUrl' });
  }
  return {
    source: fileUrl,
    kind: 'http',
    duration: await durationOf(fileUrl, options.ffprobePath, 'fileUrl'),
  };
}

async function durationOf(input: string, ffprobePath: string, field: string): Promise<number> {
  try {
    const probe = await probeMedia(input, { ffprobe: ffprobePath }, { signal: AbortSignal.timeout(30_000) });
    return probe.duration;
  } catch (error) {
    const message = error instanceof PipelineError ? error.message : (error as Error).message;
    throw new ApiError('url_validation_failed', `${field} is not a readable video: ${message}`, { field });
  }
}
