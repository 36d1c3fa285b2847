import type { Logger } from '../domain/logger.ts';
import type { ServiceContext } from '../service/context.ts';
import { sweepExpiredFiles, type SweepContext } from '../service/retention.ts';

// The retention sweep as a background loop of every serve and worker process (CLIPFORGE_RETENTION_DAYS).

export const SWEEP_EVERY_MS = 3600_000;

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
