import type { Queryable } from './database.ts';

// The counters behind the API's fixed-window rate limits: in SQL, so every API process shares them, or in memory
// where one process owns the embedded database.

/** Fixed-window counters: in memory for one process (embedded mode), in SQL when processes share them. */
export interface CounterStore {
  /** a number at once where the count is at hand (in memory), so the hot path awaits nothing */
  increment(key: string, windowStart: number): number | Promise<number>;
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

  increment(key: string, windowStart: number): number {
    const entry = this.counts.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      this.counts.set(key, { windowStart, count: 1 });
      return 1;
    }
    return ++entry.count;
  }
}
