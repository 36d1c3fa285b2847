import { newObjectId } from '../auth/keys.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.ts';
import {
  optionsOfShort,
  SHORT_LOOK_OPTIONS,
  type CaptionEdits,
  type ShortLook,
} from '../domain/short-edits.ts';
import type { Transcript } from '../domain/transcript.ts';
import { findTemplate } from '../pipeline/captions/templates.ts';
import { Checkpoints } from '../pipeline/checkpoints.ts';
import { snapToWords, type Span } from '../pipeline/cut-snap.ts';
import type { RerenderInput } from '../pipeline/rerender.ts';
import { requestWorkPrefix } from '../storage/storage.ts';
import type { Account } from '../store/accounts.ts';
import type { ClipRequest } from '../store/requests.ts';
import type { ServiceContext } from './context.ts';
import { presentShort } from './present.ts';
import { localFoldersOf } from './request-files.ts';
import { RerenderBody } from './rerender-options.ts';
import { validate } from './validate.ts';

// POST /shorts/:id/shorts/:shortId/render as one service call (spec §11): check the edit against the request's
// window and transcript, snap the new bounds to word edges, and queue the re-render. No credit is charged; the
// short keeps its files (and shows recompiling: true) until the worker swaps them.

export interface RerenderCommand {
  account: Account;
  requestId: string;
  shortId: string;
  body: unknown;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** The request's transcript as its job kept it; undefined once it is no longer kept. */
async function keptTranscript(ctx: ServiceContext, requestId: string): Promise<Transcript | undefined> {
  const { workDir } = localFoldersOf(ctx, requestId);
  const shared = ctx.storage.shared
    ? { storage: ctx.storage, prefix: requestWorkPrefix(requestId), hostLocal: new Set<string>() }
    : undefined;
  return new Checkpoints(workDir, undefined, shared).read<Transcript>('transcript');
}

/** The request's window on the source's clock. */
function windowOf(request: ClipRequest): Span {
  const start = request.result?.windowStart ?? request.start;
  return { start, end: start + (request.end - request.start) };
}

function checkBound(field: 'start' | 'end', value: number | undefined, window: Span): void {
  if (value === undefined) return;
  if (value < window.start || value > window.end)
    throw InvalidInputError.of(
      field,
      `must be inside the request's window (${round3(window.start)} to ${round3(window.end)} s)`,
    );
}

/** The window's word indexes of the short's words (those inside `span`, window clock). */
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

export async function rerenderShort(ctx: ServiceContext, command: RerenderCommand) {
  const body = validate(RerenderBody, command.body, 'body');
  const request = await ctx.requests.get(command.requestId, command.account.id);
  if (!request) throw new NotFoundError('Request not found');
  const short = request.result?.shorts.find((candidate) => candidate.id === command.shortId.toLowerCase());
  if (request.status !== 'completed' || !request.result)
    throw new ConflictError(
      `The request is ${request.status}; only a completed request's shorts can be rendered again`,
    );
  if (!short) throw new NotFoundError('Short not found');
  if (request.filesExpiredAt) throw new ConflictError('The files of this request have expired');

  const window = windowOf(request);
  checkBound('start', body.start, window);
  checkBound('end', body.end, window);
  const offset = window.start;
  const wanted = {
    start: (body.start ?? offset + short.start) - offset,
    end: (body.end ?? offset + short.end) - offset,
  };
  if (wanted.end <= wanted.start) throw InvalidInputError.of('end', 'must be greater than start');

  const transcript = await keptTranscript(ctx, request.id);
  if (!transcript)
    throw new ConflictError(
      'The analysis of this request is no longer kept; make a new request to edit its shorts',
    );
  const span =
    body.start === undefined && body.end === undefined
      ? { start: short.start, end: short.end }
      : snapToWords(transcript.words, wanted);
  if (!span) throw InvalidInputError.of('start', 'no words are spoken from there to the end of the window');

  const look = lookOf(body, short.look);
  const options = optionsOfShort(request.options, look);
  if (!findTemplate(options.templateId))
    throw InvalidInputError.of('templateId', 'is not a known template (see GET /templates)');
  if (options.ctaEnabled && !options.ctaText?.trim())
    throw InvalidInputError.of('ctaText', 'needs a text when ctaEnabled is true');
  const input: RerenderInput = {
    short: { ...short, title: body.title ?? short.title },
    span,
    options,
    captionEdits: mergedCaptionEdits(body.captionEdits, short.captionEdits, wordIndexesOf(transcript, span)),
    sameAssets: options.music === request.options.music && options.musicName === request.options.musicName,
  };
  const queued = await ctx.shortRenders.enqueue({
    id: newObjectId(),
    requestId: request.id,
    shortId: short.id,
    job: { input, look },
  });
  if (!queued) throw new ConflictError('A render of this short is already running');
  ctx.changes.emit('change', request.id);
  return {
    ...(await presentShort(short, request, { ...ctx, email: command.account.email }, true)),
    snapped: { start: round3(offset + span.start), end: round3(offset + span.end) },
  };
}
