import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';

/** A migrated embedded database of its own in a temporary directory; `close` removes it. */
export async function openTestDatabase(): Promise<{ db: Database; close: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cf-db-'));
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  return {
    db,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
