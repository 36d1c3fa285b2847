import { NetworkPolicyError, safeFetch, UnresolvedHostError } from '../net/safe-fetch.ts';
import type { Queryable } from '../store/database.ts';
import { nextAttemptDelay, signWebhook } from './sign.ts';

// Durable webhook deliveries: each event is a row; due rows are sent, and failures rescheduled with backoff.
// A row carries its account, so it is signed with the account's secret even after its request is deleted.
// An address the network policy refuses is final: the attempt is recorded and the delivery stops.

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
}

export interface NewDelivery {
  requestId: string;
  accountId: string;
  url: string;
  event: string;
  payload: unknown;
}

interface DueRow {
  id: string;
  account_id: string | null;
  url: string;
  payload: string;
  attempt: number;
}

/** Why an attempt failed, and whether trying again could help. */
interface Failure {
  error: string;
  final: boolean;
}

export class WebhookDeliveries {
  constructor(
    private readonly db: Queryable,
    private readonly options: { allowlist: string[]; timeoutMs?: number; delayScale?: number },
  ) {}

  /** Queues a delivery; `db` lets it join the transaction that records the event itself. */
  async enqueue(delivery: NewDelivery, db: Queryable = this.db): Promise<void> {
    await db.query(
      `INSERT INTO webhook_deliveries (request_id, account_id, url, event, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, now())`,
      [
        delivery.requestId,
        delivery.accountId,
        delivery.url,
        delivery.event,
        JSON.stringify(delivery.payload),
      ],
    );
  }

  async attemptsFor(requestId: string): Promise<DeliveryAttempt[]> {
    const { rows } = await this.db.query<{ log: DeliveryAttempt[] | string }>(
      'SELECT log FROM webhook_deliveries WHERE request_id = $1 ORDER BY id',
      [requestId],
    );
    return rows.flatMap((row) => (typeof row.log === 'string' ? JSON.parse(row.log) : row.log));
  }

  /** Sends every due delivery once, signed with its account's secret; returns how many were attempted. */
  async deliverDue(secretFor: (accountId: string) => Promise<string | undefined>): Promise<number> {
    const { rows } = await this.db.query<DueRow>(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '60 seconds'
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE delivered = false AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING id, account_id, url, payload, attempt`,
    );
    for (const row of rows) {
      const secret = row.account_id ? await secretFor(row.account_id) : undefined;
      await this.send(row, secret);
    }
    return rows.length;
  }

  private async send(row: DueRow, secret: string | undefined): Promise<void> {
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
    await this.db.query(
      `UPDATE webhook_deliveries SET attempt = $2, delivered = $3,
         next_attempt_at = CASE WHEN $4::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $4::double precision) END,
         log = log || $5::jsonb WHERE id = $1`,
      [row.id, attempt, failure === undefined, delay ?? null, JSON.stringify([entry])],
    );
  }

  private async post(row: DueRow, secret: string): Promise<number> {
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
