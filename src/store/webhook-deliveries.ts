import type { Queryable } from './database.ts';

// The rows of durable webhook deliveries: each event is a row with its attempts' log; src/webhooks/deliveries.ts
// sends the due ones.

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

/** A delivery taken to be sent now: no other process takes it for the next 60 s. */
export interface DueDelivery {
  id: string;
  account_id: string | null;
  url: string;
  payload: string;
  attempt: number;
}

export class WebhookDeliveryRows {
  constructor(protected readonly db: Queryable) {}

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

  /** Takes up to 10 due deliveries that no other process holds. */
  protected async claimDue(): Promise<DueDelivery[]> {
    const { rows } = await this.db.query<DueDelivery>(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '60 seconds'
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE delivered = false AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING id, account_id, url, payload, attempt`,
    );
    return rows;
  }

  /** Logs an attempt; `retryInSeconds` schedules the next one, null ends the delivery. */
  protected async recordAttempt(
    id: string,
    entry: DeliveryAttempt,
    delivered: boolean,
    retryInSeconds: number | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE webhook_deliveries SET attempt = $2, delivered = $3,
         next_attempt_at = CASE WHEN $4::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $4::double precision) END,
         log = log || $5::jsonb WHERE id = $1`,
      [id, entry.attempt, delivered, retryInSeconds, JSON.stringify([entry])],
    );
  }
}
