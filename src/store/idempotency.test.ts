import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../domain/errors.ts';
import { openTestDatabase } from '../../test/helpers/database.ts';
import type { Database } from './database.ts';
import { IdempotencyKeys, type ClaimOutcome } from './idempotency.ts';

let db: Database;
let close: () => Promise<void>;
let keys: IdempotencyKeys;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  await db.query(
    `INSERT INTO accounts (id, email, webhook_secret) VALUES ('acct', 'a@example.com', 'whsec_x')`,
  );
  keys = new IdempotencyKeys(db);
});

afterAll(() => close?.());

const claimed = (outcome: ClaimOutcome) => ('claimed' in outcome ? outcome.claimed : undefined);

describe('IdempotencyKeys', () => {
  it('lets one of many concurrent claims run; the others wait for its response and replay it', async () => {
    const first = claimed(await keys.claim('acct', 'k1', 'hash-a'));
    expect(first).toBeDefined();
    const waiting = Array.from({ length: 5 }, () => keys.claim('acct', 'k1', 'hash-a'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await db.transaction((tx) => keys.complete(tx, first!, 201, { data: { requestId: 'r1' } }));
    const outcomes = await Promise.all(waiting);
    expect(outcomes).toEqual(
      Array(5).fill({ replay: { status: 201, response: { data: { requestId: 'r1' } } } }),
    );
  });

  it('refuses the key with another body, while pending and once done', async () => {
    const pending = claimed(await keys.claim('acct', 'k2', 'hash-a'));
    await expect(keys.claim('acct', 'k2', 'hash-b')).rejects.toBeInstanceOf(ConflictError);
    await db.transaction((tx) => keys.complete(tx, pending!, 201, { data: {} }));
    await expect(keys.claim('acct', 'k2', 'hash-b')).rejects.toBeInstanceOf(ConflictError);
  });

  it('a released claim lets the next create with the key run', async () => {
    const first = claimed(await keys.claim('acct', 'k3', 'hash-a'));
    const next = keys.claim('acct', 'k3', 'hash-a');
    await keys.release(first!);
    const second = claimed(await next);
    expect(second).toBeDefined();
    expect(second!.token).not.toBe(first!.token);
    await expect(db.transaction((tx) => keys.complete(tx, first!, 201, {}))).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('takes over a claim abandoned by a process that died, and a key past 24 hours', async () => {
    const dead = claimed(await keys.claim('acct', 'k4', 'hash-a'));
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '3 minutes' WHERE key = 'k4'`);
    expect(claimed(await keys.claim('acct', 'k4', 'hash-a'))?.token).not.toBe(dead!.token);
    const old = claimed(await keys.claim('acct', 'k5', 'hash-a'));
    await db.transaction((tx) => keys.complete(tx, old!, 201, {}));
    await db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k5'`);
    expect(claimed(await keys.claim('acct', 'k5', 'hash-b'))).toBeDefined();
  });
});
