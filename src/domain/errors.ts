import type { ZodError } from 'zod';

// The domain errors every layer throws. They say what went wrong in ClipForge's own terms, in a sentence written
// for the person who caused it; only src/http/ turns them into statuses and error codes.

/** Every error ClipForge raises on purpose: its message is for a person, never a stack trace. */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
}

/** Raised for failures a user can act on; `message` is the failureReason shown to them. */
export class PipelineError extends DomainError {
  override readonly name: string = 'PipelineError';
}

/** Raised when work stops because its AbortSignal fired. */
export class CancelledError extends DomainError {
  override readonly name = 'CancelledError';
  constructor(message = 'Request cancelled') {
    super(message);
  }
}

/** Something the caller gave is wrong; `fields` names each offending field (option, flag, header) and why. */
export class InvalidInputError extends PipelineError {
  override readonly name: string = 'InvalidInputError';
  constructor(
    message: string,
    readonly fields: Record<string, string> | null = null,
  ) {
    super(message);
  }

  /** A refusal of one field, worded "field: why". */
  static of(field: string, reason: string): InvalidInputError {
    return new InvalidInputError(`${field}: ${reason}`, { [field]: reason });
  }

  /** Each field a schema refused, with its first reason; `where` names a refusal of the whole input. */
  static fromZod(error: ZodError, where: string): InvalidInputError {
    const fields: Record<string, string> = {};
    for (const issue of error.issues)
      fields[issue.path.length ? issue.path.join('.') : where] ??= issue.message;
    const message = Object.entries(fields)
      .map(([field, reason]) => `${field}: ${reason}`)
      .join('; ');
    return new InvalidInputError(message, fields);
  }
}

/** `url` is not a YouTube video URL (or is a YouTube Shorts URL). */
export class InvalidYouTubeUrlError extends PipelineError {
  override readonly name = 'InvalidYouTubeUrlError';
}

/** The source cannot be reached, is refused by the network policy, or is not a readable video. */
export class SourceUnavailableError extends PipelineError {
  override readonly name = 'SourceUnavailableError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** The source is longer than ClipForge clips. */
export class VideoTooLongError extends PipelineError {
  override readonly name = 'VideoTooLongError';
}

/** The thing asked for does not exist, or belongs to someone else (never say which). */
export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';
}

/** The request clashes with the current state: an Idempotency-Key reused with another body, a finished job. */
export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';
}

/** The account has no credit left for a request that costs one. */
export class InsufficientCreditsError extends DomainError {
  override readonly name = 'InsufficientCreditsError';
  constructor(message = 'The account has no credits left') {
    super(message);
  }
}
