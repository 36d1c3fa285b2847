import type { Logger } from '../domain/logger.ts';
import { expireRequestFiles } from '../store/retention.ts';
import type { ServiceContext } from './context.ts';
import { removeRequestFiles } from './request-files.ts';

// CLIPFORGE_RETENTION_DAYS: the rendered files of requests older than that are removed; the request stays, its
// shorts without file URLs. Every serve and worker process runs a sweeper; an advisory lock held for the sweep's
// transaction lets one sweep at a time, whichever process gets there first (src/store/retention.ts).

const DAY_MS = 24 * 3600_000;
export const SWEEP_EVERY_MS = 3600_000;

type SweepContext = Pick<ServiceContext, 'db' | 'storage' | 'filesDir' | 'workDir'>;

/**
 * Removes the files of completed requests created more than `days` before `now` and marks them expired at `now`.
 * Returns the requests it expired; none when another process is sweeping.
 */
export function sweepExpiredFiles(ctx: SweepContext, days: number, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  return expireRequestFiles(ctx.db, cutoff, now, (id) => removeRequestFiles(ctx, id));
}

/** Sweeps now and then every `everyMs` while the process runs; the returned function stops it. */
export function startRetentionSweeper(
  ctx: SweepContext & Pick<ServiceContext, 'changes'>,
  log: Logger,
  options: { days: number; now?: () => Date; everyMs?: number },
): () => Promise<void> {
  const now = options.now ?? (() => new Date());
  let busy: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    busy = busy
      .then(() => sweepExpiredFiles(ctx, options.days, now()))
      .then((expired) => {
        if (expired.length > 0)
          log.info(
            `retention: removed the files of ${expired.length} request(s) older than ${options.days} days`,
          );
        for (const id of expired) ctx.changes.emit('change', id);
      })
      .catch((error: unknown) => log.warn(`retention sweep: ${(error as Error).message}`));
  };
  sweep();
  const timer = setInterval(sweep, options.everyMs ?? SWEEP_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await busy;
  };
}
