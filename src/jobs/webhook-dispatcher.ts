import type { Logger } from '../domain/logger.ts';
import type { AccountsRepository } from '../store/accounts.ts';
import type { WebhookDeliveries } from '../webhooks/deliveries.ts';

/** Sends due webhooks every `intervalMs` until stopped; each is signed with its account's secret. */
export function startWebhookDispatcher(
  ctx: { webhooks: WebhookDeliveries; accounts: Pick<AccountsRepository, 'byId'> },
  log: Logger,
  intervalMs = 1000,
): () => Promise<void> {
  let busy: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    busy = busy
      .then(() =>
        ctx.webhooks.deliverDue(async (accountId) => (await ctx.accounts.byId(accountId))?.webhookSecret),
      )
      .catch((error) => log.warn(`webhook delivery: ${(error as Error).message}`));
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
