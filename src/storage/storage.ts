import path from 'node:path';
import type { Readable } from 'node:stream';

// Where a request's rendered files, its uploads and its shareable checkpoints are kept: the data dir, or an
// S3-compatible bucket shared by every host. Keys are slash-separated paths:
//   files/<requestId>/<file>        rendered shorts, thumbnails and captions (served to clients)
//   uploads/<accountId>/<uploadId>  uploaded source videos
//   work/<requestId>/<checkpoint>   stage checkpoints another host can resume from (bucket only)
//   assets/<kind>/<file>            operator-added music, game videos and meme hooks (bucket only)

export interface ObjectInfo {
  size: number;
  /** a quoted entity tag */
  etag: string;
}

export interface ObjectStream extends ObjectInfo {
  body: Readable;
}

export interface ByteRange {
  start: number;
  /** inclusive */
  end: number;
}

export interface Storage {
  readonly kind: 'local' | 's3';
  /** true when every host sees the same objects, so a host's local files must be put here to be seen */
  readonly shared: boolean;
  /** Stores the file under `key` and takes it: afterwards `file` is gone (moved into place or uploaded). */
  putFile(key: string, file: string): Promise<void>;
  putBytes(key: string, bytes: Buffer | string): Promise<void>;
  stat(key: string): Promise<ObjectInfo | undefined>;
  /** the object's bytes, or only `range` of them; undefined when there is no such object */
  read(key: string, range?: ByteRange): Promise<ObjectStream | undefined>;
  /** The objects whose key starts with `prefix`, keys in full. */
  list(prefix: string): Promise<{ key: string; size: number }[]>;
  /** Removes every object whose key starts with `prefix`: a folder (ending with "/"), or one object's key. */
  deletePrefix(prefix: string): Promise<void>;
  /** A URL clients download the object from directly until `expiresAt`; undefined when ClipForge serves it. */
  downloadUrl(key: string, expiresAt: Date): Promise<string | undefined>;
  /** Where ffmpeg and ffprobe can read the object now: its path, or a short-lived presigned URL. */
  readableLocation(key: string): Promise<string>;
  /** A local file with the object's bytes: the stored file itself, or a download of it into `scratchFile`. */
  localFile(key: string, scratchFile: string): Promise<string>;
}

export const requestFilesPrefix = (requestId: string) => `files/${requestId}/`;
export const requestWorkPrefix = (requestId: string) => `work/${requestId}/`;
export const uploadKey = (accountId: string, uploadId: string) => `uploads/${accountId}/${uploadId}`;
/** The key of a file served at /api/v1/files/<relative> (stored results name files relative to files/). */
export const servedFileKey = (relative: string) => `files/${relative}`;

/** A request's source that lives in storage (an upload), as recorded on the request. */
const STORED_SOURCE = 'storage:';
export const storedSource = (key: string) => `${STORED_SOURCE}${key}`;
export const storedSourceKey = (source: string): string | undefined =>
  source.startsWith(STORED_SOURCE) ? source.slice(STORED_SOURCE.length) : undefined;

/** Refuses keys that could leave their folder. */
export function checkedKey(key: string): string {
  if (key.startsWith('/') || key.split('/').some((part) => part === '..' || part === '.'))
    throw new Error(`Invalid storage key "${key}"`);
  return key;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.srt': 'application/x-subrip',
  '.vtt': 'text/vtt; charset=utf-8',
  '.json': 'application/json',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.aac': 'audio/aac',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
};

export function contentTypeOf(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}
