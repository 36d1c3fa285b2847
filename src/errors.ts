// The domain errors every layer throws. They say what went wrong in ClipForge's own terms; only src/http/ turns
// them into statuses and error codes.

/** Raised for failures a user can act on; `message` is the failureReason shown to them. */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
}

/** Raised when work stops because its AbortSignal fired. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'Request cancelled') {
    super(message);
  }
}
