import type { FastifyInstance } from 'fastify';
import { unsupportedMediaType } from './errors.ts';

// How request bodies are read, for every route at once: JSON, and an empty body with any content type (or none)
// is no body — existing clients send `Content-Type: application/json` with no body on GET, DELETE and cancel.
// Any other non-empty body is refused here, before a route sees it. The upload route reads its own raw stream.

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    // Fastify's own JSON parser answers through `done`; what it returns goes back to Fastify, as any parser's
    return parseJson(request, body as string, done);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    if ((body as Buffer).length === 0) done(null, undefined);
    else done(unsupportedMediaType(), undefined);
  });
}
