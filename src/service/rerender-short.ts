import { newObjectId } from '../auth/keys.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { Checkpoints } from '../pipeline/checkpoints.ts';
import { readKeptWindow, type KeptWindow } from '../pipeline/rerender.ts';
import { requestWorkPrefix } from '../storage/storage.ts';
import type { Account } from '../store/accounts.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';
import type { ServiceContext } from './context.ts';
import { presentShort } from './present.ts';
import { localFoldersOf } from './request-files.ts';
import { optionsRefusal } from './create-options.ts';
import { RerenderBody } from './rerender-options.ts';
import { planRerender, type ShortToEdit } from './rerender-plan.ts';
import { validate } from './validate.ts';

// POST /shorts/:id/shorts/:shortId/render as one service call (spec §11): check the edit against the request's
// window and kept analysis, snap the new bounds into the pauses around words, and queue the re-render. No credit is charged;
// the short keeps its files (and shows recompiling: true) until the worker swaps them.

export interface RerenderCommand {
  account: Account;
  requestId: string;
  shortId: string;
  body: unknown;
}

/** The request's transcript and voice analysis as its job kept them; undefined once they are no longer kept. */
async function keptWindow(ctx: ServiceContext, requestId: string): Promise<KeptWindow | undefined> {
  const { workDir } = localFoldersOf(ctx, requestId);
  const shared = ctx.storage.shared
    ? { storage: ctx.storage, prefix: requestWorkPrefix(requestId), hostLocal: new Set<string>() }
    : undefined;
  return readKeptWindow(new Checkpoints(workDir, undefined, shared));
}

/** The request's window on the source's clock. */
function windowOf(request: ClipRequest) {
  const start = request.result?.windowStart ?? request.start;
  return { start, end: start + (request.end - request.start) };
}

const toEdit = (short: StoredShort): ShortToEdit => ({
  id: short.id,
  rank: short.rank,
  start: short.start,
  end: short.end,
  sentenceIndexes: short.sentenceIndexes,
  title: short.title,
  description: short.description,
  reason: short.reason,
  viralScore: short.viralScore,
  look: short.look,
  captionEdits: short.captionEdits,
});

export async function rerenderShort(ctx: ServiceContext, command: RerenderCommand) {
  const body = validate(RerenderBody, command.body, 'body');
  const request = await ctx.requests.get(command.requestId, command.account.id);
  if (!request) throw new NotFoundError('Request not found');
  if (request.status !== 'completed' || !request.result)
    throw new ConflictError(
      `The request is ${request.status}; only a completed request's shorts can be rendered again`,
    );
  const short = request.result.shorts.find((candidate) => candidate.id === command.shortId.toLowerCase());
  if (!short) throw new NotFoundError('Short not found');
  if (request.filesExpiredAt) throw new ConflictError('The files of this request have expired');
  const kept = await keptWindow(ctx, request.id);
  if (!kept)
    throw new ConflictError(
      'The analysis of this request is no longer kept; make a new request to edit its shorts',
    );
  const plan = planRerender(body, toEdit(short), windowOf(request), request.options, kept);
  const refusal = await optionsRefusal(plan.input.options, ctx.config, ctx.tools);
  if (refusal) throw InvalidInputError.of(refusal.field, refusal.message);
  const queued = await ctx.shortRenders.enqueue({
    id: newObjectId(),
    requestId: request.id,
    shortId: short.id,
    job: { input: plan.input, look: plan.look },
  });
  if (!queued) throw new ConflictError('A render of this short is already running');
  ctx.changes.emit('change', request.id);
  return {
    ...(await presentShort(short, request, { ...ctx, email: command.account.email }, true)),
    snapped: plan.snapped,
  };
}
