import type { ServiceContext } from './context.ts';
import { rerenderedWebhookBody, statusWebhookBody } from './present.ts';
import type { Queryable } from '../store/database.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';

// Webhooks queued for delivery (their bodies are built in service/present.ts), in the transaction that recorded
// what they announce.

/**
 * Queues the webhook of a request that has just reached a terminal status (if it asked for one); with `db`, in
 * the same transaction that recorded the status, so a crash between the two cannot lose the event.
 */
export async function enqueueStatusWebhook(
  ctx: ServiceContext,
  request: ClipRequest,
  db: Queryable = ctx.db,
): Promise<void> {
  if (!request.webhookUrl) return;
  const payload = await statusWebhookBody(request, ctx);
  if (payload) await enqueueFor(ctx, request, request.webhookUrl, payload, db);
}

/** Queues the `short.rerendered` webhook of a short a re-render has just replaced (in that same transaction). */
export async function enqueueRerenderedWebhook(
  ctx: ServiceContext,
  request: ClipRequest,
  short: StoredShort,
  db: Queryable,
): Promise<void> {
  if (!request.webhookUrl) return;
  const payload = await rerenderedWebhookBody(request, short, ctx);
  await enqueueFor(ctx, request, request.webhookUrl, payload, db);
}

/** One delivery of `payload` to the request's webhook, recorded in the delivery log. */
function enqueueFor(
  ctx: ServiceContext,
  request: ClipRequest,
  url: string,
  payload: { event: string },
  db: Queryable,
): Promise<void> {
  return ctx.webhooks.enqueue(
    { requestId: request.id, accountId: request.accountId, url, event: payload.event, payload },
    db,
  );
}
