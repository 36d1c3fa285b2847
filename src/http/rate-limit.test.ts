import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../store/migrations.ts';
import type { Queryable } from '../store/database.ts';
import { checkRateLimit, poolFor } from './rate-limit.ts';
import { MemoryCounterStore, SqlCounterStore, type CounterStore } from '../store/counters.ts';

let pglite: PGlite;
let db: Queryable;
let store: CounterStore;

beforeAll(async () => {
  pglite = await PGlite.create();
  await pglite.exec(MIGRATIONS[0].sql);
  db = { query: async (sql, params) => ({ rows: (await pglite.query(sql, params)).rows as never[] }) };
  store = new SqlCounterStore(db);
});
afterAll(() => pglite.close());

describe('rate limits', () => {
  it('maps routes to the spec pools', () => {
    expect(poolFor('POST', '/api/v1/shorts/create')).toBe('creation');
    expect(poolFor('GET', '/api/v1/shorts/:id/status')).toBe('status');
    expect(poolFor('GET', '/api/v1/shorts/:id')).toBe('status');
    expect(poolFor('GET', '/api/v1/music')).toBe('status');
    expect(poolFor('GET', '/api/v1/shorts')).toBe('list');
    expect(poolFor('DELETE', '/api/v1/shorts/:id')).toBe('standard');
    expect(poolFor('GET', '/api/v1/templates')).toBe('standard');
  });

  it('counts against the account’s hourly cap and refuses past it with Retry-After', async () => {
    const who = { keyId: 'k1', accountId: 'a1', tier: 'free' };
    const now = Date.UTC(2026, 0, 1, 10, 30);
    let last;
    for (let i = 0; i < 100; i++) last = await checkRateLimit(store, who, 'standard', now);
    expect(last!.allowed).toBe(true);
    expect(last!.headers['X-RateLimit-Remaining-Hour']).toBe('0');
    expect(last!.headers['X-RateLimit-Limit-Day']).toBe('1000');
    expect(last!.headers['X-RateLimit-Reset']).toBe('2026-01-01T11:00:00.000Z');
    expect(last!.headers.RateLimit).toContain('"hour";r=0;t=1800');
    const refused = await checkRateLimit(store, who, 'standard', now);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1800);
    expect(refused.headers['Retry-After']).toBe('1800');
    const nextHour = await checkRateLimit(store, who, 'standard', now + 3600_000);
    expect(nextHour.allowed).toBe(true);
  });

  it('counts the same in memory as in SQL', async () => {
    const memory = new MemoryCounterStore();
    expect(await memory.increment('k', 60)).toBe(1);
    expect(await memory.increment('k', 60)).toBe(2);
    expect(await memory.increment('k', 120)).toBe(1);
    const sql = new SqlCounterStore(db);
    expect(await sql.increment('k', 60)).toBe(1);
    expect(await sql.increment('k', 60)).toBe(2);
  });

  it('gives higher tiers higher caps', async () => {
    const decision = await checkRateLimit(store, { keyId: 'k2', accountId: 'a2', tier: 'pro' }, 'list');
    expect(decision.headers['X-RateLimit-Limit-Hour']).toBe('1000');
  });
});
