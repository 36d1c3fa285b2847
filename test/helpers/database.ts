import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase, type Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrations.ts';

// Test databases start from one migrated embedded database, kept as PGlite's data-dir dump: loading it takes a
// fraction of a second where a new PGlite's initdb and the migrations take seconds.

/** What the dump depends on: the migrations and the PGlite that ran them. */
const TEMPLATE_SOURCES = ['src/store/migrations.ts', 'node_modules/@electric-sql/pglite/package.json'];

async function migratedTemplate(): Promise<Blob> {
  const key = createHash('sha256');
  for (const file of TEMPLATE_SOURCES) key.update(await readFile(new URL(`../../${file}`, import.meta.url)));
  const file = path.join(os.tmpdir(), `clipforge-test-db-${key.digest('hex').slice(0, 12)}.tar`);
  if (!existsSync(file)) {
    const made = await PGlite.create();
    await migrate(pgliteDatabase(made));
    const dump = await made.dumpDataDir('none');
    await made.close();
    // written aside and renamed into place: a test file running beside this one never reads half a dump
    const partial = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
  }
  return new Blob([await readFile(file)]);
}

/** A migrated embedded database of its own, in memory. */
export async function openTestDatabase(): Promise<{ db: Database; close: () => Promise<void> }> {
  const db = pgliteDatabase(await PGlite.create({ loadDataDir: await migratedTemplate() }));
  return { db, close: () => db.close() };
}
