import { rm } from 'node:fs/promises';
import { ConflictError } from '../domain/errors.ts';
import { storedSourceKey } from '../storage/storage.ts';
import { RequestsRepository, TERMINAL_STATUSES, type ClipRequest } from '../store/requests.ts';
import type { ServiceContext } from './context.ts';
import { enqueueStatusWebhook } from './queued-webhooks.ts';
import { removeRequestFiles } from './request-files.ts';

// POST /shorts/:id/cancel and DELETE /shorts/:id as use cases: what is stopped, recorded, announced and removed.

/** Cancels a queued or running request and queues its webhook in one transaction; undefined if it had ended. */
function recordCancel(ctx: ServiceContext, found: ClipRequest): Promise<ClipRequest | undefined> {
  return ctx.db.transaction(async (tx) => {
    const cancelled = await new RequestsRepository(tx).cancel(found.id, found.accountId);
    if (cancelled) await enqueueStatusWebhook(ctx, cancelled, tx);
    return cancelled;
  });
}

/**
 * Stops a request: its job (and its files), or — for a completed request whose shorts are being rendered again —
 * those re-renders. Returns the request as it now stands; ConflictError when there is nothing left to stop.
 */
export async function cancelRequest(ctx: ServiceContext, found: ClipRequest): Promise<ClipRequest> {
  if (found.status === 'completed' && (await ctx.shortRenders.cancelFor(found.id)) > 0) {
    await ctx.jobs.stop(found.id);
    ctx.changes.emit('change', found.id);
    return found;
  }
  if (TERMINAL_STATUSES.includes(found.status))
    throw new ConflictError(`The request is already ${found.status}`);
  const cancelled = await recordCancel(ctx, found);
  if (!cancelled) throw new ConflictError('The request has already finished');
  ctx.changes.emit('change', found.id);
  await ctx.jobs.stop(found.id);
  await removeRequestFiles(ctx, found.id);
  return cancelled;
}

/** Removes the upload a request was made from (recorded as a storage key; by requests from before, a path). */
async function removeUpload(ctx: ServiceContext, source: string): Promise<void> {
  const key = storedSourceKey(source);
  if (key) await ctx.storage.deletePrefix(key);
  else await rm(source, { force: true });
}

/** Deletes a request whatever its status: its job stopped, its row, files, kept analysis and upload removed. */
export async function deleteRequest(ctx: ServiceContext, found: ClipRequest): Promise<void> {
  await recordCancel(ctx, found);
  await ctx.jobs.stop(found.id);
  await ctx.requests.delete(found.id, found.accountId);
  await removeRequestFiles(ctx, found.id);
  if (found.sourceKind === 'upload') await removeUpload(ctx, found.source);
  ctx.changes.emit('change', found.id);
}
