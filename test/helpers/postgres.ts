import { randomBytes } from 'node:crypto';
import pg from 'pg';

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
