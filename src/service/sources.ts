import { InvalidYouTubeUrlError, SourceUnavailableError, VideoTooLongError } from '../domain/errors.ts';
import { probeMedia } from '../media/probe.ts';
import type { MediaTools } from '../media/tools.ts';
import { NetworkPolicyError, safeFetch } from '../net/safe-fetch.ts';
import { MAX_SOURCE_SECONDS } from '../pipeline/ingest/window.ts';
import { fetchYouTubeInfo, youTubeUrlProblem } from '../pipeline/ingest/youtube.ts';
import { storedSource, uploadKey, type Storage } from '../storage/storage.ts';

// Checks a create request's source before a credit is taken: kind, reachability under the network policy,
// ownership of uploads, and duration.

export interface ResolvedSource {
  /** what the worker fetches: the upload's storage key (see storedSource), else the URL */
  source: string;
  kind: 'youtube' | 'http' | 'upload';
  duration: number;
}

const UPLOAD_PATH = /\/api\/v1\/uploads\/([0-9a-f]{24})(?:\/[^/?#]*)?$/;

export async function resolveSource(
  body: { url?: string; fileUrl?: string },
  options: {
    accountId: string;
    publicUrl: string;
    storage: Storage;
    allowlist: string[];
    ytDlpPath: string;
    tools: MediaTools;
  },
): Promise<ResolvedSource> {
  const resolved = await resolveKind(body, options);
  if (resolved.duration > MAX_SOURCE_SECONDS) {
    throw new VideoTooLongError(
      `The video is ${Math.round(resolved.duration)} s long; at most ${MAX_SOURCE_SECONDS.toLocaleString('en')} s is allowed`,
    );
  }
  return resolved;
}

async function resolveKind(
  body: { url?: string; fileUrl?: string },
  options: Parameters<typeof resolveSource>[1],
): Promise<ResolvedSource> {
  if (body.url !== undefined) {
    const problem = youTubeUrlProblem(body.url);
    if (problem) throw new InvalidYouTubeUrlError(problem);
    try {
      const info = await fetchYouTubeInfo(body.url, options.ytDlpPath, 'en', AbortSignal.timeout(60_000));
      return { source: body.url, kind: 'youtube', duration: info.duration };
    } catch (error) {
      throw new SourceUnavailableError(
        `The video could not be validated: ${(error as Error).message}`,
        'url',
      );
    }
  }
  const fileUrl = body.fileUrl as string;
  const upload = fileUrl.startsWith(options.publicUrl) ? UPLOAD_PATH.exec(new URL(fileUrl).pathname) : null;
  if (upload) {
    // uploads are kept per account, so only their uploader can name them
    const key = uploadKey(options.accountId, upload[1]);
    if (!(await options.storage.stat(key)))
      throw new SourceUnavailableError('fileUrl names an upload that does not exist', 'fileUrl');
    const duration = await durationOf(await options.storage.readableLocation(key), options.tools);
    return { source: storedSource(key), kind: 'upload', duration };
  }
  let status: number;
  try {
    const response = await safeFetch(fileUrl, {
      allowlist: options.allowlist,
      timeoutMs: 15_000,
      headers: { range: 'bytes=0-0' },
    });
    response.body.destroy();
    status = response.status;
  } catch (error) {
    const reason =
      error instanceof NetworkPolicyError ? error.message : `unreachable (${(error as Error).message})`;
    throw new SourceUnavailableError(`fileUrl is refused: ${reason}`, 'fileUrl');
  }
  if (status >= 400)
    throw new SourceUnavailableError(`fileUrl could not be fetched: HTTP ${status}`, 'fileUrl');
  return { source: fileUrl, kind: 'http', duration: await durationOf(fileUrl, options.tools) };
}

async function durationOf(input: string, tools: MediaTools): Promise<number> {
  try {
    const probe = await probeMedia(input, tools, { signal: AbortSignal.timeout(30_000) });
    return probe.duration;
  } catch (error) {
    throw new SourceUnavailableError(
      `fileUrl is not a readable video: ${(error as Error).message}`,
      'fileUrl',
    );
  }
}
