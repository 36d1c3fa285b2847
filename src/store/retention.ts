import type { Database } from './database.ts';

// The rows of the retention sweep (src/service/retention.ts): the completed requests whose files have outlived
// CLIPFORGE_RETENTION_DAYS, taken in one transaction under an advisory lock, so one sweep runs at a time.

/** Advisory-lock key of the retention sweep ("clip" in ASCII). */
export const SWEEP_LOCK = 0x636c6970;
const BATCH = 100;

/**
 * Hands each completed request created before `cutoff`, files not yet expired, to `removeFiles`, then marks its
 * files expired at `now`. Returns the requests it expired; none when another process holds the sweep's lock.
 */
export function expireRequestFiles(
  db: Database,
  cutoff: Date,
  now: Date,
  removeFiles: (requestId: string) => Promise<void>,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const { rows: lock } = await tx.query<{ held: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS held', [
      SWEEP_LOCK,
    ]);
    if (!lock[0].held) return [];
    const expired: string[] = [];
    for (;;) {
      const { rows } = await tx.query<{ id: string }>(
        `SELECT id FROM requests WHERE status = 'completed' AND files_expired_at IS NULL AND created_at < $1
         ORDER BY created_at LIMIT ${BATCH}`,
        [cutoff],
      );
      for (const { id } of rows) {
        await removeFiles(id);
        await tx.query('UPDATE requests SET files_expired_at = $2, updated_at = $2 WHERE id = $1', [id, now]);
        expired.push(id);
      }
      if (rows.length < BATCH) return expired;
    }
  });
}
