import type { Queryable } from '../store/database.ts';

// Fixed-window rate limits kept in the database, so every API process shares them (spec §2).

export type Pool = 'creation' | 'status' | 'list' | 'standard';

export const POOLS: Record<Pool, { limit: number; windowSeconds: number }> = {
  creation: { limit: 500, windowSeconds: 60 },
  status: { limit: 500, windowSeconds: 60 },
  list: { limit: 500, windowSeconds: 60 },
  standard: { limit: 1000, windowSeconds: 900 },
};

export const TIERS: Record<string, { hour: number; day: number }> = {
  free: { hour: 100, day: 1000 },
  pro: { hour: 1000, day: 10_000 },
  business: { hour: 10_000, day: 100_000 },
};

export function poolFor(method: string, route: string): Pool {
  if (method === 'POST' && route.endsWith('/shorts/create')) return 'creation';
  if (method === 'GET' && route.endsWith('/shorts')) return 'list';
  if (
    method === 'GET' &&
    (/\/shorts\/:id(\/status)?$/.test(route) || /\/(music|game-videos|meme-hooks)$/.test(route))
  ) {
    return 'status';
  }
  return 'standard';
}

interface Window {
  name: string;
  limit: number;
  seconds: number;
}

/** Fixed-window counters: in memory for one process (embedded mode), in SQL when processes share them. */
export interface CounterStore {
  increment(key: string, windowStart: number): Promise<number>;
}

export class SqlCounterStore implements CounterStore {
  constructor(private readonly db: Queryable) {}

  async increment(key: string, windowStart: number): Promise<number> {
    const { rows } = await this.db.query<{ count: number }>(
      `INSERT INTO rate_limit_counters (key, window_start, count) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1 RETURNING count`,
      [key, windowStart],
    );
    return Number(rows[0].count);
  }
}

export class MemoryCounterStore implements CounterStore {
  private readonly counts = new Map<string, { windowStart: number; count: number }>();

  async increment(key: string, windowStart: number): Promise<number> {
    const entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      this.counts.set(key, { windowStart, count: 1 });
      return 1;
    }
    return ++entry.count;
  }
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds?: number;
}

export async function checkRateLimit(
  store: CounterStore,
  who: { keyId: string; accountId: string; tier: string },
  pool: Pool,
  now = Date.now(),
  scale = 1,
): Promise<RateDecision> {
  const tier = TIERS[who.tier] ?? TIERS.free;
  const windows: (Window & { key: string })[] = [
    {
      name: pool,
      limit: POOLS[pool].limit * scale,
      seconds: POOLS[pool].windowSeconds,
      key: `key:${who.keyId}:${pool}`,
    },
    { name: 'hour', limit: tier.hour * scale, seconds: 3600, key: `account:${who.accountId}:hour` },
    { name: 'day', limit: tier.day * scale, seconds: 86400, key: `account:${who.accountId}:day` },
  ];
  const counts = await Promise.all(
    windows.map(async (window) => {
      const start = Math.floor(now / 1000 / window.seconds) * window.seconds;
      const count = await store.increment(window.key, start);
      const resetAt = (start + window.seconds) * 1000;
      return { ...window, count, resetAt };
    }),
  );
  const [, hour, day] = counts;
  const remaining = (w: (typeof counts)[number]) => Math.max(0, w.limit - w.count);
  const exceeded = counts.find((w) => w.count > w.limit);
  const reset = exceeded ?? hour;
  const headers: Record<string, string> = {
    'X-RateLimit-Limit-Hour': String(hour.limit),
    'X-RateLimit-Remaining-Hour': String(remaining(hour)),
    'X-RateLimit-Limit-Day': String(day.limit),
    'X-RateLimit-Remaining-Day': String(remaining(day)),
    'X-RateLimit-Reset': new Date(reset.resetAt).toISOString(),
    'RateLimit-Policy': counts.map((w) => `"${w.name}";q=${w.limit};w=${w.seconds}`).join(', '),
    RateLimit: counts
      .map((w) => `"${w.name}";r=${remaining(w)};t=${Math.ceil((w.resetAt - now) / 1000)}`)
      .join(', '),
  };
  if (!exceeded) return { allowed: true, headers };
  const retryAfterSeconds = Math.max(1, Math.ceil((exceeded.resetAt - now) / 1000));
  return {
    allowed: false,
    headers: { ...headers, 'Retry-After': String(retryAfterSeconds) },
    retryAfterSeconds,
  };
}
