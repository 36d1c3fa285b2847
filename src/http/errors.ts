import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  ConflictError,
  InsufficientCreditsError,
  InvalidInputError,
  InvalidYouTubeUrlError,
  NotFoundError,
  SourceUnavailableError,
  VideoTooLongError,
} from '../domain/errors.ts';

// The error catalogue of spec §1, the envelope every error takes, and the one place where domain errors, Fastify's
// errors and Node's HTTP parser errors become statuses and codes.

export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_youtube_url: 400,
  video_too_long: 400,
  url_validation_failed: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  subscription_required: 403,
  insufficient_credits: 403,
  resource_not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limit_exceeded: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  toBody() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = () => new ApiError('resource_not_found', 'Request not found');

/** Errors Fastify raises itself while reading a request, by their code. */
function fromFastifyError(error: FastifyError): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'The request body is larger than allowed');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('invalid_request', 'Body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType();
    case 'FST_ERR_BAD_URL':
      return new ApiError('invalid_request', 'The URL is not validly percent-encoded');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError('invalid_request', 'A path segment of the URL is too long');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('invalid_request', 'Content-Length does not match the body');
  }
  if (error.statusCode === 413)
    return new ApiError('payload_too_large', 'The request body is larger than allowed');
  if (error instanceof SyntaxError && error.statusCode === 400)
    return new ApiError('invalid_request', 'Body is not valid JSON');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new ApiError('invalid_request', 'The request could not be read');
  return undefined;
}

export const unsupportedMediaType = () =>
  new ApiError('invalid_request', 'Content-Type must be application/json', {
    fields: { 'content-type': 'must be application/json' },
  });

/** The status, code and envelope of any error; undefined for an unexpected one. */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof InvalidYouTubeUrlError)
    return new ApiError('invalid_youtube_url', error.message, { field: 'url' });
  if (error instanceof SourceUnavailableError)
    return new ApiError('url_validation_failed', error.message, { field: error.field });
  if (error instanceof VideoTooLongError) return new ApiError('video_too_long', error.message);
  if (error instanceof InvalidInputError)
    return new ApiError('invalid_request', error.message, error.fields ? { fields: error.fields } : null);
  if (error instanceof NotFoundError) return new ApiError('resource_not_found', error.message);
  if (error instanceof ConflictError) return new ApiError('conflict', error.message);
  if (error instanceof InsufficientCreditsError) return new ApiError('insufficient_credits', error.message);
  const fastify = error as FastifyError;
  if (
    error instanceof Error &&
    (fastify.statusCode !== undefined ||
      (typeof fastify.code === 'string' && fastify.code.startsWith('FST_')))
  )
    return fromFastifyError(fastify);
  return undefined;
}

function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const known = toApiError(error);
  if (known) {
    void reply.headers(known.headers).status(known.status).send(known.toBody());
    return;
  }
  const correlationId = randomUUID();
  request.log.error({ err: error, correlationId }, 'unexpected error');
  void reply
    .status(500)
    .send(new ApiError('internal_error', `Internal error (correlation id ${correlationId})`).toBody());
}

/** Errors Fastify meets before a route is found: a URL that does not decode, an over-long path segment. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendError(error, request, reply);
}

const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are larger than 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive'],
  HPE_URI_TOO_LONG: [414, 'URI Too Long', 'The URL is too long'],
};

/** The raw answer to a request Node's HTTP parser rejected before Fastify saw it (Fastify's clientErrorHandler). */
export function clientErrorResponse(code: string | undefined): string {
  const [status, reason, message] = CLIENT_ERRORS[code ?? ''] ?? [
    400,
    'Bad Request',
    'The request is not valid HTTP/1.1',
  ];
  const body = JSON.stringify(new ApiError('invalid_request', message).toBody());
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.end(clientErrorResponse(error.code));
  else socket.destroy(error);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        new ApiError(
          'resource_not_found',
          `No route for ${request.method} ${request.url.split('?')[0]}`,
        ).toBody(),
      );
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
}
