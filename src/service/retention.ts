import { expireRequestFiles } from '../store/retention.ts';
import type { ServiceContext } from './context.ts';
import { removeRequestFiles } from './request-files.ts';

// CLIPFORGE_RETENTION_DAYS: the rendered files of requests older than that are removed; the request stays, its
// shorts without file URLs. Every serve and worker process sweeps (src/jobs/retention-sweeper.ts); an advisory
// lock held for the sweep's transaction lets one sweep at a time, whichever process gets there first
// (src/store/retention.ts).

const DAY_MS = 24 * 3600_000;

export type SweepContext = Pick<ServiceContext, 'db' | 'storage' | 'filesDir' | 'workDir'>;

/**
 * Removes the files of completed requests created more than `days` before `now` and marks them expired at `now`.
 * Returns the requests it expired; none when another process is sweeping.
 */
export function sweepExpiredFiles(ctx: SweepContext, days: number, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  return expireRequestFiles(ctx.db, cutoff, now, (id) => removeRequestFiles(ctx, id));
}
