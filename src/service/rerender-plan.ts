import { InvalidInputError } from '../domain/errors.ts';
import type { ClipOptions } from '../domain/options.ts';
import {
  optionsOfShort,
  SHORT_LOOK_OPTIONS,
  type CaptionEdits,
  type ShortLook,
} from '../domain/short-edits.ts';
import type { Highlight } from '../domain/shorts.ts';
import type { Transcript } from '../domain/transcript.ts';
import { snapToSpeech, snapToWords, type Span } from '../pipeline/cut-snap.ts';
import type { KeptWindow, RerenderInput } from '../pipeline/rerender.ts';
import type { ShortIdentity } from '../pipeline/short-render.ts';
import type { RerenderBody } from './rerender-options.ts';

// What a re-render will make of a short, worked out from the edit, the short as it is and its request's kept
// analysis: the bounds snapped into the pauses around words, the look laid over the request's options, the
// corrected words.
// Shared by the API (a served request) and `clipforge rerender` (a `clip` output directory).

export interface ShortToEdit extends Highlight, ShortIdentity {
  look?: ShortLook;
  captionEdits?: CaptionEdits;
}

export interface RerenderPlan {
  input: RerenderInput;
  look: ShortLook;
  /** the new bounds on the source's clock */
  snapped: Span;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function checkBound(field: 'start' | 'end', value: number | undefined, window: Span): void {
  if (value === undefined) return;
  if (value < window.start || value > window.end)
    throw InvalidInputError.of(
      field,
      `must be inside the request's window (${round3(window.start)} to ${round3(window.end)} s)`,
    );
}

/** The window's word indexes of the words inside `span` (window clock). */
function wordIndexesOf(transcript: Transcript, span: Span): number[] {
  const tolerance = 0.05;
  return transcript.words.flatMap((word, index) =>
    word.start >= span.start - tolerance && word.end <= span.end + tolerance ? [index] : [],
  );
}

/** The corrected words as window indexes, the short's earlier ones kept; an index past the short's words is refused. */
function mergedCaptionEdits(
  edits: RerenderBody['captionEdits'],
  before: CaptionEdits | undefined,
  shortWords: number[],
): CaptionEdits {
  const merged: CaptionEdits = { ...before };
  edits?.forEach((edit, position) => {
    const index = shortWords[edit.word];
    if (index === undefined)
      throw InvalidInputError.of(
        `captionEdits.${position}.word`,
        `must be below ${shortWords.length}, the number of words in the short`,
      );
    merged[String(index)] = edit.text;
  });
  return merged;
}

function lookOf(body: RerenderBody, before: ShortLook | undefined): ShortLook {
  const look: ShortLook = { ...before };
  for (const option of SHORT_LOOK_OPTIONS) {
    if (body[option] !== undefined) Object.assign(look, { [option]: body[option] });
  }
  if (look.templateId) look.templateId = look.templateId.toLowerCase();
  return look;
}

/** The short's new bounds (window clock): each one asked for snapped into a pause, the other kept as it was. */
function newSpan(body: RerenderBody, short: Span, wanted: Span, kept: KeptWindow, duration: number): Span {
  if (body.start === undefined && body.end === undefined) return { start: short.start, end: short.end };
  const { activity, envelope } = kept.voice;
  const snapped =
    snapToSpeech({ regions: activity.regions, envelope }, wanted, duration) ??
    snapToWords(kept.transcript.words, wanted);
  if (!snapped)
    throw InvalidInputError.of('start', 'no words are spoken from there to the end of the window');
  const span = {
    start: body.start === undefined ? short.start : snapped.start,
    end: body.end === undefined ? short.end : snapped.end,
  };
  return span.end > span.start ? span : snapped;
}

/**
 * The re-render of `short` that `body` (validated) asks for. `window` is the request's window on the source's
 * clock; the short's times and the kept analysis's are on the window's. Throws InvalidInputError naming the field.
 * Whether this installation can honour the resulting options is optionsRefusal's to judge, as for a create.
 */
export function planRerender(
  body: RerenderBody,
  short: ShortToEdit,
  window: Span,
  requestOptions: ClipOptions,
  kept: KeptWindow,
): RerenderPlan {
  checkBound('start', body.start, window);
  checkBound('end', body.end, window);
  const offset = window.start;
  const wanted = {
    start: (body.start ?? offset + short.start) - offset,
    end: (body.end ?? offset + short.end) - offset,
  };
  if (wanted.end <= wanted.start) throw InvalidInputError.of('end', 'must be greater than start');
  const span = newSpan(body, short, wanted, kept, window.end - window.start);

  const look = lookOf(body, short.look);
  const options = optionsOfShort(requestOptions, look);
  if (options.ctaEnabled && !options.ctaText?.trim())
    throw InvalidInputError.of('ctaText', 'needs a text when ctaEnabled is true');
  const { look: _look, captionEdits, ...highlight } = short;
  return {
    input: {
      short: { ...highlight, title: body.title ?? short.title },
      span,
      options,
      captionEdits: mergedCaptionEdits(body.captionEdits, captionEdits, wordIndexesOf(kept.transcript, span)),
      sameAssets: options.music === requestOptions.music && options.musicName === requestOptions.musicName,
    },
    look,
    snapped: { start: round3(offset + span.start), end: round3(offset + span.end) },
  };
}
