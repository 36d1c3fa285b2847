import type { RenderedShort } from '../domain/shorts.ts';
import type { Sentence } from '../domain/transcript.ts';

// The public shapes of spec §3.3, shared by the HTTP API and the `clip` command's manifest.

export interface ShortFileUrls {
  video: string;
  thumbnail: string;
  srt: string;
  vtt: string;
}

export interface ShortFields {
  id: string;
  title: string;
  description: string;
  reason: string;
  viral_score: number;
  video_url: string;
  startTimestamp: number;
  endTimestamp: number;
  duration: number;
  width: number;
  height: number;
  sentenceIndexes: number[];
  recompiling: boolean;
  error: boolean;
  errorMessage: string | null;
  thumbnail_url: string;
  captions: { srt_url: string; vtt_url: string };
  sha256: string;
  bytes: number;
  expires_at: string | null;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** What a short needs to be described, whether just rendered or read back from the database. */
export type ShortCore = Pick<
  RenderedShort,
  | 'id'
  | 'title'
  | 'description'
  | 'reason'
  | 'viralScore'
  | 'start'
  | 'end'
  | 'duration'
  | 'width'
  | 'height'
  | 'sentenceIndexes'
  | 'sha256'
  | 'bytes'
>;

/** Short fields of a short; `offset` turns window-relative times into source times. */
export function toShortFields(
  short: ShortCore,
  urls: ShortFileUrls,
  offset: number,
  expiresAt: Date | null,
): ShortFields {
  return {
    id: short.id,
    title: short.title,
    description: short.description,
    reason: short.reason,
    viral_score: Math.round(short.viralScore),
    video_url: urls.video,
    startTimestamp: round3(offset + short.start),
    endTimestamp: round3(offset + short.end),
    duration: round3(short.duration),
    width: short.width,
    height: short.height,
    sentenceIndexes: short.sentenceIndexes,
    recompiling: false,
    error: false,
    errorMessage: null,
    thumbnail_url: urls.thumbnail,
    captions: { srt_url: urls.srt, vtt_url: urls.vtt },
    sha256: short.sha256,
    bytes: short.bytes,
    expires_at: expiresAt ? expiresAt.toISOString() : null,
  };
}

/** A short whose files retention removed: the same fields, no file URLs, and when they went. */
export type ExpiredShortFields = Omit<ShortFields, 'video_url' | 'thumbnail_url' | 'captions'> & {
  video_url: null;
  thumbnail_url: null;
  captions: { srt_url: null; vtt_url: null };
  expired_at: string;
};

export function expiredShortFields(short: ShortCore, offset: number, expiredAt: string): ExpiredShortFields {
  const none = { video: '', thumbnail: '', srt: '', vtt: '' };
  return {
    ...toShortFields(short, none, offset, null),
    video_url: null,
    thumbnail_url: null,
    captions: { srt_url: null, vtt_url: null },
    expired_at: expiredAt,
  };
}

export interface SentenceFields {
  index: number;
  sentence: string;
  start: number;
  end: number;
}

export function toSentenceFields(sentences: readonly Sentence[], offset: number): SentenceFields[] {
  return sentences.map((sentence) => ({
    index: sentence.index,
    sentence: sentence.text,
    start: round3(offset + sentence.start),
    end: round3(offset + sentence.end),
  }));
}
