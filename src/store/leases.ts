import type { Queryable } from './database.ts';

// What the two queues (requests, and re-renders of finished shorts) share about the lease a worker holds.

/**
 * Hands a leased row back to its queue for any worker to resume. A graceful shutdown does not count as an
 * attempt; a failed attempt does, so a row that keeps failing ends. False when the lease was not `owner`'s.
 */
export async function releaseLease(
  db: Queryable,
  table: 'requests' | 'short_renders',
  id: string,
  owner: string,
  countAttempt: boolean,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE ${table} SET lease_until = now() - interval '1 second',
       attempts = CASE WHEN $3 THEN attempts ELSE GREATEST(attempts - 1, 0) END
     WHERE id = $1 AND lease_owner = $2 AND status = 'processing' RETURNING id`,
    [id, owner, countAttempt],
  );
  return rows.length === 1;
}
