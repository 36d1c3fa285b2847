import type { ClipOptions } from '../domain/options.ts';
import type { CaptionEdits, ShortLook } from '../domain/short-edits.ts';
import type { Step } from '../domain/steps.ts';
import type { Queryable } from './database.ts';
import { releaseLease } from './leases.ts';

// Clipping requests: their lifecycle, results, and the lease a worker holds while it runs one.

export type RequestStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
export type LeaseState = 'held' | 'stopped' | 'lost';
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['completed', 'failed', 'cancelled'];

export interface StoredShort {
  id: string;
  rank: number;
  title: string;
  description: string;
  reason: string;
  viralScore: number;
  start: number;
  end: number;
  duration: number;
  width: number;
  height: number;
  sentenceIndexes: number[];
  /** paths relative to files/ (in the data dir, or in the bucket) */
  video: string;
  thumbnail: string;
  srt: string;
  vtt: string;
  sha256: string;
  bytes: number;
  /** what a re-render changed of the request's options for this short, and the words it corrected */
  look?: ShortLook;
  captionEdits?: CaptionEdits;
}

export interface RequestResult {
  title: string;
  sourceDuration: number;
  windowStart: number;
  sentences: { index: number; sentence: string; start: number; end: number }[];
  heatmap: { start: number; end: number; value: number }[];
  shorts: StoredShort[];
}

export interface ClipRequest {
  id: string;
  accountId: string;
  status: RequestStatus;
  step: Step;
  progress: number;
  failureReason: string | null;
  isDemo: boolean;
  source: string;
  sourceKind: string;
  url: string | null;
  start: number;
  end: number;
  options: ClipOptions;
  timeAdjustment: unknown;
  result: RequestResult | null;
  webhookUrl: string | null;
  creditsUsed: number;
  refunded: boolean;
  cancelRequested: boolean;
  attempts: number;
  /** when retention removed the request's rendered files; null while they are kept */
  filesExpiredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

function toRequest(row: Record<string, unknown>): ClipRequest {
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  return {
    id: row.id as string,
    accountId: row.account_id as string,
    status: row.status as RequestStatus,
    step: row.step as Step,
    progress: Number(row.progress),
    failureReason: (row.failure_reason as string | null) ?? null,
    isDemo: Boolean(row.is_demo),
    source: row.source as string,
    sourceKind: row.source_kind as string,
    url: (row.url as string | null) ?? null,
    start: Number(row.start_seconds),
    end: Number(row.end_seconds),
    options: json<ClipOptions>(row.options),
    timeAdjustment: row.time_adjustment ? json(row.time_adjustment) : null,
    result: row.result ? json<RequestResult>(row.result) : null,
    webhookUrl: (row.webhook_url as string | null) ?? null,
    creditsUsed: Number(row.credits_used),
    refunded: Boolean(row.refunded),
    cancelRequested: Boolean(row.cancel_requested),
    attempts: Number(row.attempts),
    filesExpiredAt: row.files_expired_at ? new Date(row.files_expired_at as string).toISOString() : null,
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

/** What create records; everything else about a request starts at its default. */
export type NewRequest = Pick<
  ClipRequest,
  | 'id'
  | 'accountId'
  | 'isDemo'
  | 'source'
  | 'sourceKind'
  | 'url'
  | 'start'
  | 'end'
  | 'options'
  | 'timeAdjustment'
  | 'webhookUrl'
  | 'creditsUsed'
>;

export interface ListQuery {
  accountId: string;
  page: number;
  limit: number;
  status?: RequestStatus;
  sortBy: 'createdAt' | 'updatedAt';
  sortOrder: 'asc' | 'desc';
}

export class RequestsRepository {
  constructor(private readonly db: Queryable) {}

  async create(input: NewRequest): Promise<ClipRequest> {
    const { rows } = await this.db.query(
      `INSERT INTO requests (id, account_id, status, step, progress, is_demo, source, source_kind, url, start_seconds,
         end_seconds, options, time_adjustment, webhook_url, credits_used)
       VALUES ($1, $2, 'queued', 'queued', 0, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
      [
        input.id,
        input.accountId,
        input.isDemo,
        input.source,
        input.sourceKind,
        input.url,
        input.start,
        input.end,
        JSON.stringify(input.options),
        input.timeAdjustment ? JSON.stringify(input.timeAdjustment) : null,
        input.webhookUrl,
        input.creditsUsed,
      ],
    );
    return toRequest(rows[0]);
  }

  async get(id: string, accountId?: string): Promise<ClipRequest | undefined> {
    const { rows } = await this.db.query(
      accountId
        ? 'SELECT * FROM requests WHERE id = $1 AND account_id = $2'
        : 'SELECT * FROM requests WHERE id = $1',
      accountId ? [id.toLowerCase(), accountId] : [id.toLowerCase()],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  async list(query: ListQuery): Promise<{ requests: ClipRequest[]; total: number }> {
    const filters = ['account_id = $1'];
    const params: unknown[] = [query.accountId];
    if (query.status) {
      params.push(query.status);
      filters.push(`status = $${params.length}`);
    }
    const where = filters.join(' AND ');
    const column = query.sortBy === 'updatedAt' ? 'updated_at' : 'created_at';
    const order = query.sortOrder === 'asc' ? 'ASC' : 'DESC';
    const { rows: count } = await this.db.query<{ total: string }>(
      `SELECT count(*) AS total FROM requests WHERE ${where}`,
      params,
    );
    const { rows } = await this.db.query(
      `SELECT * FROM requests WHERE ${where} ORDER BY ${column} ${order}, id ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, (query.page - 1) * query.limit],
    );
    return { requests: rows.map(toRequest), total: Number(count[0].total) };
  }

  /** Moves a running request forward; progress never goes backwards and terminal requests are left alone. */
  async advance(id: string, step: Step, progress: number): Promise<void> {
    await this.db.query(
      `UPDATE requests SET step = $2, progress = GREATEST(progress, $3), status = 'processing', updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'processing')`,
      [id, step, Math.round(progress)],
    );
  }

  /** Claims the oldest queued request, or one whose worker stopped renewing its lease. */
  async claim(owner: string, leaseSeconds: number): Promise<ClipRequest | undefined> {
    const { rows } = await this.db.query(
      `UPDATE requests SET lease_owner = $1, lease_until = now() + make_interval(secs => $2), attempts = attempts + 1,
         status = CASE WHEN status = 'queued' THEN 'processing' ELSE status END,
         step = CASE WHEN step = 'queued' THEN 'fetching_video' ELSE step END,
         progress = GREATEST(progress, 1), updated_at = now()
       WHERE id = (
         SELECT id FROM requests
         WHERE cancel_requested = false AND (status = 'queued' OR (status = 'processing' AND lease_until < now()))
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, leaseSeconds],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /**
   * Extends the lease. `held`: keep running; `stopped`: the request was cancelled or deleted, so its files go;
   * `lost`: it is no longer this worker's (another took it over), so its files stay for the new owner.
   */
  async renewLease(id: string, owner: string, leaseSeconds: number): Promise<LeaseState> {
    const { rows } = await this.db.query<{ cancel_requested: boolean }>(
      `UPDATE requests SET lease_until = now() + make_interval(secs => $3)
       WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING cancel_requested`,
      [id, owner, leaseSeconds],
    );
    if (rows[0]) return rows[0].cancel_requested ? 'stopped' : 'held';
    return (await this.unwanted(id)) ? 'stopped' : 'lost';
  }

  /** Whether the request is gone or cancelled, so nothing of it should stay on disk. */
  async unwanted(id: string): Promise<boolean> {
    const { rows } = await this.db.query<{ status: string; cancel_requested: boolean }>(
      'SELECT status, cancel_requested FROM requests WHERE id = $1',
      [id],
    );
    return !rows[0] || rows[0].status === 'cancelled' || rows[0].cancel_requested;
  }

  /** Hands a request back to the queue for any worker to resume (see releaseLease). */
  release(id: string, owner: string, { countAttempt }: { countAttempt: boolean }): Promise<boolean> {
    return releaseLease(this.db, 'requests', id, owner, countAttempt);
  }

  /** Records the result of the worker that holds the request; undefined when it no longer holds it. */
  async complete(id: string, owner: string, result: RequestResult): Promise<ClipRequest | undefined> {
    const { rows } = await this.db.query(
      `UPDATE requests SET status = 'completed', step = 'completed', progress = 100, result = $3, lease_owner = NULL,
         lease_until = NULL, updated_at = now() WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING *`,
      [id, owner, JSON.stringify(result)],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /**
   * Marks the request failed, if `owner` still holds it; returns it when this call made it fail (so the credit
   * is refunded once).
   */
  async fail(id: string, owner: string, reason: string): Promise<ClipRequest | undefined> {
    const { rows } = await this.db.query(
      `UPDATE requests SET status = 'failed', step = 'failed', failure_reason = $3, lease_owner = NULL, lease_until = NULL,
         refunded = credits_used > 0, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING *`,
      [id, owner, reason.slice(0, 500)],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /** Cancels a queued or running request; returns it when this call cancelled it. */
  async cancel(id: string, accountId: string): Promise<ClipRequest | undefined> {
    const { rows } = await this.db.query(
      `UPDATE requests SET status = 'cancelled', step = 'cancelled', cancel_requested = true, updated_at = now()
       WHERE id = $1 AND account_id = $2 AND status IN ('queued', 'processing') RETURNING *`,
      [id, accountId],
    );
    return rows[0] ? toRequest(rows[0]) : undefined;
  }

  /**
   * Puts a re-rendered short in place of the one with its id, in a completed request; returns the request as it
   * is now and the short replaced, or undefined when there is no such completed request or short.
   */
  async replaceShort(
    id: string,
    short: StoredShort,
  ): Promise<{ request: ClipRequest; replaced: StoredShort } | undefined> {
    const { rows } = await this.db.query(
      `SELECT * FROM requests WHERE id = $1 AND status = 'completed' AND files_expired_at IS NULL FOR UPDATE`,
      [id],
    );
    const request = rows[0] ? toRequest(rows[0]) : undefined;
    const replaced = request?.result?.shorts.find((old) => old.id === short.id);
    if (!request?.result || !replaced) return undefined;
    const result = {
      ...request.result,
      shorts: request.result.shorts.map((old) => (old.id === short.id ? short : old)),
    };
    const { rows: updated } = await this.db.query(
      'UPDATE requests SET result = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, JSON.stringify(result)],
    );
    return { request: toRequest(updated[0]), replaced };
  }

  async delete(id: string, accountId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'DELETE FROM requests WHERE id = $1 AND account_id = $2 RETURNING id',
      [id, accountId],
    );
    return rows.length === 1;
  }

  /** How many requests there are in each status, over all accounts. */
  async countByStatus(): Promise<{ status: string; count: number }[]> {
    const { rows } = await this.db.query<{ status: string; count: string }>(
      'SELECT status, count(*) AS count FROM requests GROUP BY status',
    );
    return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
  }

  /** How many requests an account has made, and how many of them are queued or processing. */
  async usageOf(accountId: string): Promise<{ requests: number; active: number }> {
    const { rows } = await this.db.query<{ total: string; active: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('queued','processing')) AS active FROM requests WHERE account_id = $1`,
      [accountId],
    );
    return { requests: Number(rows[0].total), active: Number(rows[0].active) };
  }
}
