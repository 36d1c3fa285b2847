import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ZodError } from 'zod';

// The error catalogue of spec §1 and the envelope every error takes.

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

/** A 400 naming each offending field and why. */
export function fromZodError(error: ZodError, where = 'body'): ApiError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.join('.') : where;
    fields[name] ??= issue.message;
  }
  const message = Object.entries(fields)
    .map(([field, reason]) => `${field}: ${reason}`)
    .join('; ');
  return new ApiError('invalid_request', message, { fields });
}

export const notFound = () => new ApiError('resource_not_found', 'Request not found');

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
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof ApiError) {
      void reply.headers(error.headers).status(error.status).send(error.toBody());
      return;
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      void reply
        .status(413)
        .send(new ApiError('payload_too_large', 'The request body is larger than allowed').toBody());
      return;
    }
    if (
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      (error.statusCode === 400 && error instanceof SyntaxError) ||
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ) {
      void reply
        .status(400)
        .send(
          new ApiError(
            'invalid_request',
            error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? 'Content-Type must be application/json'
              : 'Body is not valid JSON',
          ).toBody(),
        );
      return;
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      void reply.status(400).send(new ApiError('invalid_request', error.message).toBody());
      return;
    }
    const correlationId = randomUUID();
    request.log.error({ err: error, correlationId }, 'unexpected error');
    void reply
      .status(500)
      .send(new ApiError('internal_error', `Internal error (correlation id ${correlationId})`).toBody());
  });
}
