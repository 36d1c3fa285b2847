import { randomUUID } from 'node:crypto';
import { safeFetch } from '../net/safe-fetch.ts';
import type { Queryable } from '../store/database.ts';
import { nextAttemptDelay, signWebhook } from './sign.ts';

// Durable webhook deliveries: each event is a row; due rows are sent, and failures rescheduled with backoff.

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
}

export class WebhookDeliveries {
  constructor(
    private readonly db: Queryable,
    private readonly options: { allowlist: string[]; timeoutMs?: number; delayScale?: number },
  ) {}

  async enqueue(requestId: string, url: string, event: string, payload: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries (request_id, url, event, payload, next_attempt_at) VALUES ($1, $2, $3, $4, now())`,
      [requestId, url, event, JSON.stringify(payload)],
    );
  }

  async attemptsFor(requestId: string): Promise<DeliveryAttempt[]> {
    const { rows } = await this.db.query<{ log: DeliveryAttempt[] | string }>(
      'SELECT log FROM webhook_deliveries WHERE request_id = $1 ORDER BY id',
      [requestId],
    );
    return rows.flatMap((row) => (typeof row.log === 'string' ? JSON.parse(row.log) : row.log));
  }

  /** Sends every due delivery once; returns how many were attempted. */
  async deliverDue(secretFor: (requestId: string) => Promise<string | undefined>): Promise<number> {
    const { rows } = await this.db.query<{
      id: string;
      request_id: string;
      url: string;
      payload: string;
      attempt: number;
    }>(
      `UPDATE webhook_deliveries SET next_attempt_at = now() + interval '60 seconds'
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE delivered = false AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED)
       RETURNING id, request_id, url, payload, attempt`,
    );
    for (const row of rows) await this.send(row, await secretFor(row.request_id));
    return rows.length;
  }

  private async send(
    row: { id: string; request_id: string; url: string; payload: string; attempt: number },
    secret: string | undefined,
  ): Promise<void> {
    const attempt = Number(row.attempt) + 1;
    const messageId = `msg_${row.id}_${randomUUID().slice(0, 8)}`;
    const timestamp = Math.floor(Date.now() / 1000);
    let status: number | null = null;
    let error: string | null = null;
    try {
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
          ...(secret ? { 'webhook-signature': signWebhook(secret, messageId, timestamp, row.payload) } : {}),
        },
      });
      response.body.resume();
      status = response.status;
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (caught) {
      error = (caught as Error).message;
    }
    const entry: DeliveryAttempt = { attempt, at: new Date().toISOString(), status, error };
    const next = error ? nextAttemptDelay(attempt) : undefined;
    const delay = next === undefined ? undefined : next * (this.options.delayScale ?? 1);
    await this.db.query(
      `UPDATE webhook_deliveries SET attempt = $2, delivered = $3,
         next_attempt_at = CASE WHEN $4::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $4::double precision) END,
         log = log || $5::jsonb WHERE id = $1`,
      [row.id, attempt, error === null, delay ?? null, JSON.stringify([entry])],
    );
  }
}
