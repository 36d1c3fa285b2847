import { PipelineError } from '../domain/errors.ts';
import { CommandNotFoundError, ProcessError } from './process.ts';

// What the media layer reports when a tool fails: a sentence the owner of the file (or the operator) can act
// on. The tool's own words stay in `cause` for the log; nobody upstream reads or matches them.

export class MediaError extends PipelineError {}

/** The input is not media ClipForge can read (not a video, truncated, or with no streams). */
export class UnreadableMediaError extends MediaError {
  constructor(options?: ErrorOptions) {
    super('The file is not a video ClipForge can read', options);
  }
}

/** ffmpeg or ffprobe cannot be started: the operator must install it or point the setting at it. */
export class MediaToolMissingError extends MediaError {
  constructor(tool: 'ffmpeg' | 'ffprobe', command: string, options?: ErrorOptions) {
    const setting = tool === 'ffmpeg' ? 'CLIPFORGE_FFMPEG_PATH' : 'CLIPFORGE_FFPROBE_PATH';
    super(`${tool} was not found (${command}); install ffmpeg or set ${setting}`, options);
  }
}

/** A tool ran on readable media and still failed: a fault of this installation, not of the user's file. */
export class MediaProcessingError extends MediaError {}

/**
 * The media error for a failed tool run: a missing tool is named as such, any other failure becomes
 * `otherwise(cause)`. Errors that are not tool failures (cancellation, file system) pass through unchanged.
 */
export function mediaFailure(
  error: unknown,
  tool: 'ffmpeg' | 'ffprobe',
  otherwise: (cause: ProcessError) => MediaError,
): unknown {
  if (error instanceof CommandNotFoundError)
    return new MediaToolMissingError(tool, error.command, { cause: error });
  if (error instanceof ProcessError) return otherwise(error);
  return error;
}
