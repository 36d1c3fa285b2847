import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

// One narrow door to SQL: embedded PGlite by default, PostgreSQL when DATABASE_URL is set. Same dialect.

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Makes `dir` (and any missing parent) readable by this user only. PGlite unpacks its initial files
 * world-writable, so the embedded database's folder is made private again each time it is opened.
 */
export async function makePrivate(dir: string, { recursive = false } = {}): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tighten = async (file: string, isDir: boolean) => {
    const { mode } = await stat(file);
    if (mode & 0o077) await chmod(file, isDir ? 0o700 : 0o600);
  };
  await tighten(dir, true);
  if (!recursive) return;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    await tighten(path.join(entry.parentPath, entry.name), entry.isDirectory());
  }
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = path.join(dataDir, 'db');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await makePrivate(dir);
  const db = await PGlite.create(dir);
  await makePrivate(dir, { recursive: true });
  return pgliteDatabase(db);
}

/** The Database over an open PGlite instance. */
export function pgliteDatabase(db: PGlite): Database {
  return {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async <T>(sql: string, params?: unknown[]) => ({
            rows: (await tx.query<T>(sql, params)).rows,
          }),
        }),
      ),
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await pool.query(sql, params)).rows as T[],
    }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <T>(sql: string, params?: unknown[]) => ({
            rows: (await client.query(sql, params)).rows as T[],
          }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openDatabase(options: { dataDir: string; databaseUrl?: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

/** Resolves once the database answers a query: the health check's probe. */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
