import { randomUUID } from 'node:crypto';
import { ConflictError } from '../domain/errors.ts';
import type { Queryable } from './database.ts';

// Idempotency-Key (spec §3.1): the same key and body within 24 h returns the original response; the same key with
// another body is a conflict. A key is claimed before any work (one row, inserted or nothing), so of N concurrent
// creates exactly one runs; the others wait for its stored response. A claim whose create fails is released, so
// a retry can run; a claim left by a process that died is taken over once it is older than any create can take.

/** status of a row whose create is still running; its response holds the claimer's token */
const PENDING = 0;
const STALE_CLAIM = '2 minutes';
const LONGEST_WAIT_MS = 150_000;

export interface Claim {
  accountId: string;
  key: string;
  token: string;
}

export type ClaimOutcome = { claimed: Claim } | { replay: { status: number; response: unknown } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

export class IdempotencyKeys {
  constructor(private readonly db: Queryable) {}

  /** Claims `key` for a create with this body digest, or waits for the create that holds it and replays it. */
  async claim(accountId: string, key: string, bodyHash: string): Promise<ClaimOutcome> {
    const claim = { accountId, key, token: randomUUID() };
    const deadline = Date.now() + LONGEST_WAIT_MS;
    for (let delay = 20; ; delay = Math.min(delay * 1.5, 250)) {
      const { rows: claimed } = await this.db.query(
        `INSERT INTO idempotency_keys (account_id, key, body_hash, status, response) VALUES ($1, $2, $3, ${PENDING}, $4)
         ON CONFLICT (account_id, key) DO UPDATE
           SET body_hash = EXCLUDED.body_hash, status = ${PENDING}, response = EXCLUDED.response, created_at = now()
           WHERE idempotency_keys.created_at < now() - interval '24 hours'
              OR (idempotency_keys.status = ${PENDING} AND idempotency_keys.created_at < now() - interval '${STALE_CLAIM}')
         RETURNING key`,
        [accountId, key, bodyHash, JSON.stringify({ claim: claim.token })],
      );
      if (claimed.length === 1) return { claimed: claim };
      const { rows } = await this.db.query<{ body_hash: string; status: number; response: unknown }>(
        'SELECT body_hash, status, response FROM idempotency_keys WHERE account_id = $1 AND key = $2',
        [accountId, key],
      );
      const held = rows[0];
      if (held && held.body_hash !== bodyHash)
        throw new ConflictError('This Idempotency-Key was used with a different body');
      if (held && Number(held.status) !== PENDING)
        return { replay: { status: Number(held.status), response: json(held.response) } };
      if (Date.now() > deadline)
        throw new ConflictError('A create with this Idempotency-Key is still running; retry in a moment');
      await sleep(delay);
    }
  }

  /** Stores the response of a claimed create, inside the transaction that made it (a lost claim is a conflict). */
  async complete(tx: Queryable, claim: Claim, status: number, response: unknown): Promise<void> {
    const { rows } = await tx.query(
      `UPDATE idempotency_keys SET status = $4, response = $5, created_at = now()
       WHERE account_id = $1 AND key = $2 AND status = ${PENDING} AND response->>'claim' = $3 RETURNING key`,
      [claim.accountId, claim.key, claim.token, status, JSON.stringify(response)],
    );
    if (rows.length !== 1)
      throw new ConflictError('This Idempotency-Key was taken over by another create; retry in a moment');
  }

  /** Gives a claim up after its create failed, so the next create with the key runs. */
  async release(claim: Claim): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND status = ${PENDING} AND response->>'claim' = $3`,
      [claim.accountId, claim.key, claim.token],
    );
  }
}
