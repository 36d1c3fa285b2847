import { rm } from 'node:fs/promises';
import { mediaFailure, MediaProcessingError } from '../../media/errors.ts';
import { runProcess } from '../../media/process.ts';
import { joinStretchesArgs } from '../../media/tighten-args.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { Word } from '../../domain/transcript.ts';
import type { Span } from '../cut-snap.ts';
import { keptStretches, pauseCuts, retimed, retimeWords } from './edit-list.ts';

export interface TightenInput {
  videoPath: string;
  /** which of videoPath's audio streams is the speech (the first when unset) */
  audioStream?: number;
  /** where the window starts in videoPath; the span, words and voiced stretches are on the window's clock */
  windowStart: number;
  span: Span;
  words: readonly Word[];
  voiced: readonly Span[];
  output: string;
  tools: MediaTools;
  signal: AbortSignal;
}

export interface TightenedClip {
  videoPath: string;
  duration: number;
  /** the kept words, on the clip's clock */
  words: Word[];
  /** where the kept stretches meet, on the clip's clock (each join's sound is crossfaded) */
  joins: number[];
}

/** Makes the clip of `span` with its long pauses and sure fillers cut out, and its words retimed to it. */
export async function tightenSpan(input: TightenInput): Promise<TightenedClip> {
  const spanWords = input.words.filter(
    (word) => word.start >= input.span.start - 0.05 && word.end <= input.span.end + 0.05,
  );
  const kept = keptStretches(input.span, pauseCuts(spanWords, input.voiced, input.span));
  const shift = (stretch: Span) => ({
    start: input.windowStart + stretch.start,
    end: input.windowStart + stretch.end,
  });
  try {
    await runProcess(
      input.tools.ffmpeg,
      joinStretchesArgs(input.videoPath, kept.map(shift), input.output, input.audioStream),
      {
        signal: input.signal,
      },
    );
  } catch (error) {
    await rm(input.output, { force: true });
    throw mediaFailure(
      error,
      'ffmpeg',
      (cause) =>
        new MediaProcessingError('Tightening the pauses failed; the server log has the details', { cause }),
    );
  }
  const ends = kept.map((stretch) => retimed(kept, stretch.end));
  return {
    videoPath: input.output,
    duration: ends[ends.length - 1] ?? 0,
    words: retimeWords(spanWords, kept),
    joins: ends.slice(0, -1),
  };
}
