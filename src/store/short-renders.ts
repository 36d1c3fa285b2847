import type { ShortLook } from '../domain/short-edits.ts';
import type { RerenderInput } from '../pipeline/rerender.ts';
import type { LeaseState } from './requests.ts';
import type { Queryable } from './database.ts';
import { releaseLease } from './leases.ts';

// Re-renders of finished shorts (spec §11): a queue beside the requests', leased the same way, so a re-render
// survives a restart and is stopped by its request's cancel or DELETE (its rows go with the request).

export type ShortRenderStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** What the worker needs: the pipeline's input (with the corrected words), and the short's look to keep once done. */
export interface ShortRenderJob {
  input: RerenderInput;
  look: ShortLook;
}

export interface ShortRender {
  id: string;
  requestId: string;
  shortId: string;
  status: ShortRenderStatus;
  job: ShortRenderJob;
  progress: number;
  failureReason: string | null;
  attempts: number;
}

function toShortRender(row: Record<string, unknown>): ShortRender {
  return {
    id: row.id as string,
    requestId: row.request_id as string,
    shortId: row.short_id as string,
    status: row.status as ShortRenderStatus,
    job: (typeof row.job === 'string' ? JSON.parse(row.job) : row.job) as ShortRenderJob,
    progress: Number(row.progress),
    failureReason: (row.failure_reason as string | null) ?? null,
    attempts: Number(row.attempts),
  };
}

const ACTIVE = `status IN ('queued', 'processing')`;

export class ShortRendersRepository {
  constructor(private readonly db: Queryable) {}

  /** Queues a re-render; undefined when one of the same short is queued or running already. */
  async enqueue(
    render: Pick<ShortRender, 'id' | 'requestId' | 'shortId' | 'job'>,
  ): Promise<ShortRender | undefined> {
    const { rows } = await this.db.query(
      `INSERT INTO short_renders (id, request_id, short_id, status, job) VALUES ($1, $2, $3, 'queued', $4)
       ON CONFLICT DO NOTHING RETURNING *`,
      [render.id, render.requestId, render.shortId, JSON.stringify(render.job)],
    );
    return rows[0] ? toShortRender(rows[0]) : undefined;
  }

  /** The re-renders of a request that are queued or running, with their progress (0..100). */
  async activeFor(requestId: string): Promise<Pick<ShortRender, 'shortId' | 'progress'>[]> {
    const { rows } = await this.db.query<{ short_id: string; progress: number }>(
      `SELECT short_id, progress FROM short_renders WHERE request_id = $1 AND ${ACTIVE}`,
      [requestId],
    );
    return rows.map((row) => ({ shortId: row.short_id, progress: Number(row.progress) }));
  }

  /** Claims the oldest queued re-render, or one whose worker stopped renewing its lease. */
  async claim(owner: string, leaseSeconds: number): Promise<ShortRender | undefined> {
    const { rows } = await this.db.query(
      `UPDATE short_renders SET lease_owner = $1, lease_until = now() + make_interval(secs => $2),
         attempts = attempts + 1, status = 'processing', updated_at = now()
       WHERE id = (
         SELECT id FROM short_renders
         WHERE status = 'queued' OR (status = 'processing' AND lease_until < now())
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, leaseSeconds],
    );
    return rows[0] ? toShortRender(rows[0]) : undefined;
  }

  /** Extends the lease: `stopped` once cancelled or gone with its request, `lost` when another worker took it. */
  async renewLease(id: string, owner: string, leaseSeconds: number): Promise<LeaseState> {
    const { rows } = await this.db.query(
      `UPDATE short_renders SET lease_until = now() + make_interval(secs => $3)
       WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING id`,
      [id, owner, leaseSeconds],
    );
    if (rows[0]) return 'held';
    const { rows: now } = await this.db.query<{ status: string }>(
      'SELECT status FROM short_renders WHERE id = $1',
      [id],
    );
    return !now[0] || now[0].status === 'cancelled' ? 'stopped' : 'lost';
  }

  async advance(id: string, progress: number): Promise<void> {
    await this.db.query(
      `UPDATE short_renders SET progress = GREATEST(progress, $2), updated_at = now() WHERE id = $1 AND ${ACTIVE}`,
      [id, Math.round(progress)],
    );
  }

  /** Ends a re-render the worker `owner` holds; false when it no longer holds it. */
  async finish(
    id: string,
    owner: string,
    outcome: { status: 'completed' } | { status: 'failed'; reason: string },
  ): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE short_renders SET status = $3, failure_reason = $4, progress = 100, lease_owner = NULL,
         lease_until = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING id`,
      [id, owner, outcome.status, outcome.status === 'failed' ? outcome.reason.slice(0, 500) : null],
    );
    return rows.length === 1;
  }

  /** Hands a re-render back to the queue for any worker to resume (see releaseLease). */
  release(id: string, owner: string, { countAttempt }: { countAttempt: boolean }): Promise<boolean> {
    return releaseLease(this.db, 'short_renders', id, owner, countAttempt);
  }

  /** Cancels the queued and running re-renders of a request; returns how many. */
  async cancelFor(requestId: string): Promise<number> {
    const { rows } = await this.db.query(
      `UPDATE short_renders SET status = 'cancelled', updated_at = now() WHERE request_id = $1 AND ${ACTIVE} RETURNING id`,
      [requestId],
    );
    return rows.length;
  }
}
