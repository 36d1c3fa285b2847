import type { CounterStore } from '../store/counters.ts';

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

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  retryAfterSeconds?: number;
}

interface Counted {
  name: string;
  limit: number;
  seconds: number;
  count: number;
  resetAt: number;
}

const remaining = (window: Counted) => Math.max(0, window.limit - window.count);

/** The reset instant as ISO text; a window's reset stays the same for its whole length, so the last is kept. */
let lastReset = { at: NaN, text: '' };
function isoText(at: number): string {
  if (lastReset.at !== at) lastReset = { at, text: new Date(at).toISOString() };
  return lastReset.text;
}

/** Counts one request against its pool and its account's hourly and daily caps (runs on every API request). */
export async function checkRateLimit(
  store: CounterStore,
  who: { keyId: string; accountId: string; tier: string },
  pool: Pool,
  now = Date.now(),
  scale = 1,
): Promise<RateDecision> {
  const tier = TIERS[who.tier] ?? TIERS.free;
  const windows = [
    {
      name: pool,
      limit: POOLS[pool].limit * scale,
      seconds: POOLS[pool].windowSeconds,
      key: `key:${who.keyId}:${pool}`,
    },
    { name: 'hour', limit: tier.hour * scale, seconds: 3600, key: `account:${who.accountId}:hour` },
    { name: 'day', limit: tier.day * scale, seconds: 86400, key: `account:${who.accountId}:day` },
  ];
  const starts = windows.map((window) => Math.floor(now / 1000 / window.seconds) * window.seconds);
  const increments = windows.map((window, i) => store.increment(window.key, starts[i]));
  const values = increments.every((count) => typeof count === 'number')
    ? increments
    : await Promise.all(increments);
  const counts: Counted[] = windows.map((window, i) => ({
    name: window.name,
    limit: window.limit,
    seconds: window.seconds,
    count: values[i],
    resetAt: (starts[i] + window.seconds) * 1000,
  }));
  const [, hour, day] = counts;
  const exceeded = counts.find((window) => window.count > window.limit);
  const headers: Record<string, string> = {
    'X-RateLimit-Limit-Hour': String(hour.limit),
    'X-RateLimit-Remaining-Hour': String(remaining(hour)),
    'X-RateLimit-Limit-Day': String(day.limit),
    'X-RateLimit-Remaining-Day': String(remaining(day)),
    'X-RateLimit-Reset': isoText((exceeded ?? hour).resetAt),
    'RateLimit-Policy': counts
      .map((window) => `"${window.name}";q=${window.limit};w=${window.seconds}`)
      .join(', '),
    RateLimit: counts
      .map(
        (window) => `"${window.name}";r=${remaining(window)};t=${Math.ceil((window.resetAt - now) / 1000)}`,
      )
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
