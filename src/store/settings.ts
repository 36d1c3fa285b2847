import type { Queryable } from './database.ts';

// Named values every process of an installation shares.

export class SettingsRepository {
  constructor(private readonly db: Queryable) {}

  /** The value of `name`; the first caller's `initial` when it had none (concurrent first callers agree). */
  async getOrCreate(name: string, initial: string): Promise<string> {
    await this.db.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      name,
      initial,
    ]);
    const { rows } = await this.db.query<{ value: string }>('SELECT value FROM settings WHERE name = $1', [
      name,
    ]);
    return rows[0].value;
  }
}
