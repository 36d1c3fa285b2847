import path from 'node:path';
import type { ClipJobResult } from '../pipeline/run.ts';
import { toSentenceFields } from '../service/present.ts';
import type { RenderedShort } from '../domain/shorts.ts';
import type { RequestResult, StoredShort } from '../store/requests.ts';

/**
 * The stored form of a finished job: sentences in source time, files relative to files/ (`<requestId>/<name>`,
 * wherever the host that rendered a short kept it before storing it).
 */
export function toRequestResult(
  result: ClipJobResult,
  windowStart: number,
  requestId: string,
): RequestResult {
  return {
    title: result.title,
    sourceDuration: result.sourceDuration,
    windowStart,
    sentences: toSentenceFields(result.transcript.sentences, windowStart),
    heatmap: result.heatmap,
    shorts: result.shorts.map((short) => toStoredShort(short, requestId)),
  };
}

/** The stored form of a rendered short: its files relative to files/. */
export function toStoredShort(short: RenderedShort, requestId: string): StoredShort {
  const relative = (file: string) => `${requestId}/${path.basename(file)}`;
  return {
    id: short.id,
    rank: short.rank,
    title: short.title,
    description: short.description,
    reason: short.reason,
    viralScore: short.viralScore,
    start: short.start,
    end: short.end,
    duration: short.duration,
    width: short.width,
    height: short.height,
    sentenceIndexes: short.sentenceIndexes,
    video: relative(short.videoPath),
    thumbnail: relative(short.thumbnailPath),
    srt: relative(short.srtPath),
    vtt: relative(short.vttPath),
    sha256: short.sha256,
    bytes: short.bytes,
  };
}
