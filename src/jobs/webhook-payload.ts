import type { ServiceContext } from '../service/context.ts';
import { presentShort, type Presenter } from '../service/present.ts';
import type { Queryable } from '../store/database.ts';
import type { ClipRequest, StoredShort } from '../store/requests.ts';

// Webhook bodies (spec §5). Download links are signed for the usual lifetime (7 days), far longer than the
// retry schedule (about 7 h), so a late delivery still carries working links.

export async function webhookPayload(request: ClipRequest, presenter: Omit<Presenter, 'email'>) {
  const base = { requestId: request.id, status: request.status, timestamp: new Date().toISOString() };
  switch (request.status) {
    case 'completed':
      return {
        event: 'shorts.completed',
        ...base,
        data: {
          shorts: await Promise.all(
            (request.result?.shorts ?? []).map(async (short) => {
              const presented = await presentShort(short, request, { ...presenter, email: '' });
              return {
                id: presented.id,
                title: presented.title,
                video_url: presented.video_url,
                duration: presented.duration,
                viral_score: presented.viral_score,
              };
            }),
          ),
        },
      };
    case 'failed':
      return { event: 'shorts.failed', ...base, data: { failureReason: request.failureReason } };
    case 'cancelled':
      return { event: 'shorts.cancelled', ...base, data: {} };
    default:
      return undefined;
  }
}

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
  const payload = await webhookPayload(request, ctx);
  if (!payload) return;
  await ctx.webhooks.enqueue(
    {
      requestId: request.id,
      accountId: request.accountId,
      url: request.webhookUrl,
      event: payload.event,
      payload,
    },
    db,
  );
}

/** Queues the `short.rerendered` webhook of a short a re-render has just replaced (in that same transaction). */
export async function enqueueRerenderedWebhook(
  ctx: ServiceContext,
  request: ClipRequest,
  short: StoredShort,
  db: Queryable,
): Promise<void> {
  if (!request.webhookUrl) return;
  const payload = {
    event: 'short.rerendered',
    requestId: request.id,
    status: request.status,
    timestamp: new Date().toISOString(),
    data: await presentShort(short, request, { ...ctx, email: '' }),
  };
  await ctx.webhooks.enqueue(
    {
      requestId: request.id,
      accountId: request.accountId,
      url: request.webhookUrl,
      event: payload.event,
      payload,
    },
    db,
  );
}
