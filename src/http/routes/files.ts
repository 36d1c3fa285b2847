import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { newObjectId } from '../../auth/keys.ts';
import { isCatalogueFile } from '../../service/catalogue-files.ts';
import type { ServiceContext } from '../../service/context.ts';
import { ByteLimiter } from '../../net/byte-limiter.ts';
import { verifyFileSignature } from '../../service/signed-urls.ts';
import { contentTypeOf, servedFileKey, uploadKey } from '../../storage/storage.ts';
import { requireAccount } from '../account.ts';
import { ApiError } from '../errors.ts';

// Signed, expiring, range-served downloads of rendered files, and streamed uploads of source videos.

const PREPARING_RETRY_SECONDS = 5;

const MEDIA_TYPE = /^(video|audio)\/|^application\/octet-stream/;

const notMedia = () =>
  new ApiError('invalid_request', 'Send the video as the raw request body with a video/* Content-Type', {
    fields: { 'content-type': 'must be video/*, audio/* or application/octet-stream' },
  });

/** A single byte range of a file of `size` bytes: the range, 'unsatisfiable', or undefined for the whole file. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)(?:,.*)?$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

export function registerFileRoutes(
  api: FastifyInstance,
  ctx: ServiceContext,
  base: () => string,
  uploadLimit: number,
): void {
  api.get('/files/*', async (request, reply) => {
    // the router has already decoded the path once
    const relative = (request.params as { '*': string })['*'];
    const { expires, sig } = request.query as { expires?: string; sig?: string };
    const verdict = verifyFileSignature(relative, expires, sig, ctx.signingKey);
    if (verdict !== 'ok') {
      throw new ApiError(
        'resource_not_found',
        verdict === 'expired' ? 'This download link has expired' : 'File not found',
      );
    }
    // catalogue files are made by each API host for itself; a request's files are in the configured storage
    const storage = isCatalogueFile(relative) ? ctx.localStorage : ctx.storage;
    const key = servedFileKey(relative);
    const info = await storage.stat(key);
    if (!info && ctx.catalogue.isBeingMade(relative)) {
      throw new ApiError(
        'resource_not_found',
        `This file is still being made; try again in ${PREPARING_RETRY_SECONDS} s`,
        { retryAfter: PREPARING_RETRY_SECONDS },
        { 'retry-after': String(PREPARING_RETRY_SECONDS) },
      );
    }
    if (!info) throw new ApiError('resource_not_found', 'File not found');
    void reply
      .header('accept-ranges', 'bytes')
      .header('etag', info.etag)
      .header('cache-control', 'private, max-age=3600')
      .header('content-type', contentTypeOf(key));
    if (request.headers['if-none-match'] === info.etag) return reply.status(304).send();
    const range = parseRange(request.headers.range, info.size);
    if (range === 'unsatisfiable') {
      return reply.status(416).header('content-range', `bytes */${info.size}`).send();
    }
    const object = await storage.read(key, range);
    if (!object) throw new ApiError('resource_not_found', 'File not found');
    if (range) {
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${info.size}`)
        .header('content-length', range.end - range.start + 1)
        .send(object.body);
    }
    return reply.header('content-length', info.size).send(object.body);
  });

  // the upload route reads its body as a raw stream, and only a video or audio one
  void api.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser(MEDIA_TYPE, (_request, payload, done) => done(null, payload));
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(notMedia(), undefined));
    uploads.post('/uploads', { bodyLimit: uploadLimit }, async (request, reply) => {
      const account = requireAccount(request);
      if (!MEDIA_TYPE.test(request.headers['content-type'] ?? '') || request.body === undefined)
        throw notMedia();
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > uploadLimit)
        throw new ApiError('payload_too_large', 'The upload is larger than allowed');
      const id = newObjectId();
      // received into this host's data dir, then stored (moved into place, or sent to the bucket)
      const target = path.join(ctx.uploadsDir, '.incoming', id);
      await mkdir(path.dirname(target), { recursive: true });
      const limiter = new ByteLimiter(
        uploadLimit,
        () => new ApiError('payload_too_large', 'The upload is larger than allowed'),
      );
      try {
        await pipeline(request.body as NodeJS.ReadableStream, limiter, createWriteStream(target));
      } catch (error) {
        await rm(target, { force: true });
        throw error;
      }
      const received = limiter.received;
      if (received === 0) {
        await rm(target, { force: true });
        throw new ApiError('invalid_request', 'The upload is empty');
      }
      try {
        await ctx.storage.putFile(uploadKey(account.id, id), target);
      } finally {
        await rm(target, { force: true });
      }
      const name = String(request.headers['x-filename'] ?? 'video').replace(/[^\w.-]/g, '_');
      return reply
        .status(201)
        .send({ data: { uploadId: id, bytes: received, fileUrl: `${base()}/api/v1/uploads/${id}/${name}` } });
    });
  });
}
