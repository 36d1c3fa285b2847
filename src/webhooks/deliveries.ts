import { NetworkPolicyError, safeFetch, UnresolvedHostError } from '../net/safe-fetch.ts';
import type { Queryable } from '../store/database.ts';
import { WebhookDeliveryRows, type DeliveryAttempt, type DueDelivery } from '../store/webhook-deliveries.ts';
import { nextAttemptDelay, signWebhook } from './sign.ts';

// Durable webhook deliveries: each event is a row (src/store/webhook-deliveries.ts); due rows are sent, and
// failures rescheduled with backoff. A row carries its account, so it is signed with the account's secret even
// after its request is deleted. An address the network policy refuses is final: the attempt is recorded and the
// delivery stops.

/** Why an attempt failed, and whether trying again could help. */
interface Failure {
  error: string;
  final: boolean;
}

export class WebhookDeliveries extends WebhookDeliveryRows {
  constructor(
    db: Queryable,
    private readonly options: { allowlist: string[]; timeoutMs?: number; delayScale?: number },
  ) {
    super(db);
  }

  /** Sends every due delivery once, signed with its account's secret; returns how many were attempted. */
  async deliverDue(secretFor: (accountId: string) => Promise<string | undefined>): Promise<number> {
    const rows = await this.claimDue();
    for (const row of rows) {
      const secret = row.account_id ? await secretFor(row.account_id) : undefined;
      await this.send(row, secret);
    }
    return rows.length;
  }

  private async send(row: DueDelivery, secret: string | undefined): Promise<void> {
    const attempt = Number(row.attempt) + 1;
    let status: number | null = null;
    let failure: Failure | undefined;
    if (secret === undefined) {
      // never send an unsigned event: the receiver could not tell it from a forgery
      failure = { error: 'The account of this webhook no longer exists', final: true };
    } else {
      try {
        status = await this.post(row, secret);
        if (status < 200 || status >= 300) failure = { error: `HTTP ${status}`, final: false };
      } catch (caught) {
        const refused = caught instanceof NetworkPolicyError && !(caught instanceof UnresolvedHostError);
        failure = { error: (caught as Error).message, final: refused };
      }
    }
    const entry: DeliveryAttempt = {
      attempt,
      at: new Date().toISOString(),
      status,
      error: failure?.error ?? null,
    };
    const next = failure && !failure.final ? nextAttemptDelay(attempt) : undefined;
    const delay = next === undefined ? undefined : next * (this.options.delayScale ?? 1);
    await this.recordAttempt(row.id, entry, failure === undefined, delay ?? null);
  }

  private async post(row: DueDelivery, secret: string): Promise<number> {
    // the same id on every attempt, so a receiver can tell a retry from a new event (Standard Webhooks)
    const messageId = `msg_${row.id}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await safeFetch(row.url, {
      method: 'POST',
      body: row.payload,
      allowlist: this.options.allowlist,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      maxRedirects: 0,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ClipForge-Webhooks/1',
        'webhook-id': messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, messageId, timestamp, row.payload),
      },
    });
    response.body.resume();
    return response.status;
  }
}
