import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/** The local PostgreSQL's maintenance database, from which scratch databases are made. */
export const ADMIN_URL = process.env.CLIPFORGE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  url: string;
  /** drops the database once the sessions of the processes that used it are gone */
  drop(): Promise<void>;
}

/** A uniquely named database on the local PostgreSQL, for one test run. */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await adminSql(`CREATE DATABASE ${name}`);
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      // killed processes' sessions close with their sockets; no FORCE, which would end sessions still closing
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await adminSql(`DROP DATABASE IF EXISTS ${name}`);
          return;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
  };
}

/** Why the local PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresMissing(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${ADMIN_URL}: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `describe` for suites on the local PostgreSQL: when none answers, the suite is skipped, visibly and with the
 * reason in its name, rather than passing without having run (call it with top-level await in the test file).
 */
export async function describeOnPostgres(): Promise<(name: string, suite: () => void) => void> {
  const missing = await postgresMissing();
  return (name, suite) =>
    missing ? describe.skip(`${name} (skipped: ${missing})`, suite) : describe(name, suite);
}
