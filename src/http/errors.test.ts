import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  InsufficientCreditsError,
  InvalidInputError,
  InvalidYouTubeUrlError,
  NotFoundError,
  PipelineError,
  SourceUnavailableError,
  VideoTooLongError,
} from '../domain/errors.ts';
import { isEnvelope } from '../fuzz/envelope.ts';
import { parseResponse } from '../fuzz/raw-http.ts';
import { clientErrorResponse, ERROR_STATUS, toApiError } from './errors.ts';

describe('toApiError', () => {
  it('maps each domain error to its spec status and code, with the field it names', () => {
    const cases: [Error, number, string, unknown][] = [
      [
        InvalidInputError.of('start', 'must be ≥ 0'),
        400,
        'invalid_request',
        { fields: { start: 'must be ≥ 0' } },
      ],
      [
        new InvalidYouTubeUrlError('url must be a YouTube video URL'),
        400,
        'invalid_youtube_url',
        { field: 'url' },
      ],
      [
        new SourceUnavailableError('fileUrl is refused', 'fileUrl'),
        400,
        'url_validation_failed',
        { field: 'fileUrl' },
      ],
      [new VideoTooLongError('too long'), 400, 'video_too_long', null],
      [new NotFoundError('No account'), 404, 'resource_not_found', null],
      [new ConflictError('used with another body'), 409, 'conflict', null],
      [new InsufficientCreditsError(), 403, 'insufficient_credits', null],
    ];
    for (const [error, status, code, details] of cases) {
      const mapped = toApiError(error)!;
      expect([mapped.status, mapped.code, mapped.details, mapped.message]).toEqual([
        status,
        code,
        details,
        error.message,
      ]);
    }
  });

  it("maps Fastify's own errors by code, and leaves an unexpected error to the 500 path", () => {
    const fastify = (code: string, statusCode: number) => Object.assign(new Error('x'), { code, statusCode });
    expect(toApiError(fastify('FST_ERR_CTP_BODY_TOO_LARGE', 413))?.code).toBe('payload_too_large');
    expect(toApiError(fastify('FST_ERR_BAD_URL', 400))?.message).toBe(
      'The URL is not validly percent-encoded',
    );
    expect(toApiError(fastify('FST_ERR_CTP_INVALID_JSON_BODY', 400))?.message).toBe('Body is not valid JSON');
    expect(toApiError(fastify('FST_ERR_SOMETHING_NEW', 400))?.code).toBe('invalid_request');
    expect(toApiError(new Error('database connection lost'))).toBeUndefined();
    expect(toApiError(new PipelineError('a job failure is not a request error'))).toBeUndefined();
    expect(toApiError(fastify('FST_ERR_INTERNAL', 500))).toBeUndefined();
  });

  it('has exactly the codes of spec §1', () => {
    expect(ERROR_STATUS).toEqual({
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
    });
  });
});

describe('clientErrorResponse', () => {
  it('is a whole HTTP response with the envelope, 431 for headers too large and 400 otherwise', () => {
    for (const [code, status] of [
      ['HPE_HEADER_OVERFLOW', 431],
      ['HPE_INVALID_METHOD', 400],
      [undefined, 400],
    ] as const) {
      const response = parseResponse(Buffer.from(clientErrorResponse(code)), false)!;
      expect(response.status).toBe(status);
      expect(isEnvelope(JSON.parse(response.body.toString()), 'invalid_request')).toBe(true);
    }
  });
});
