import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/database.ts';
import { createScratchDatabase, postgresMissing, type ScratchDatabase } from '../../test/helpers/postgres.ts';
import { DEFAULT_CLIP_OPTIONS } from '../domain/options.ts';
import { openDatabase, type Database } from './database.ts';
import { migrate } from './migrations.ts';
import { ShortRendersRepository, type ShortRenderJob } from './short-renders.ts';

// The re-render queue on both databases: one render at a time per short, leases, and rows gone with the request.

const job: ShortRenderJob = {
  input: {
    short: {
      id: 's1',
      rank: 0,
      start: 1,
      end: 9,
      sentenceIndexes: [0],
      title: 'T',
      description: 'D',
      reason: 'R',
      viralScore: 50,
    },
    span: { start: 1, end: 9 },
    options: DEFAULT_CLIP_OPTIONS,
    captionEdits: {},
    sameAssets: true,
  },
  look: { layout: 'fit' },
};

function queueSuite(open: () => Promise<{ db: Database; close: () => Promise<void> }>) {
  let db: Database;
  let close: () => Promise<void>;
  let renders: ShortRendersRepository;

  beforeAll(async () => {
    ({ db, close } = await open());
    await db.query(
      `INSERT INTO accounts (id, email, webhook_secret) VALUES ('acct', 'a@example.com', 'whsec_x')`,
    );
    for (const id of ['req1', 'req2'])
      await db.query(
        `INSERT INTO requests (id, account_id, status, step, source, source_kind, start_seconds, end_seconds, options)
         VALUES ($1, 'acct', 'completed', 'completed', 'x', 'url', 0, 10, '{}')`,
        [id],
      );
    renders = new ShortRendersRepository(db);
  });
  afterAll(() => close?.());

  it('queues one render of a short at a time, claims it under a lease, and finishes it', async () => {
    const queued = await renders.enqueue({ id: 'r1', requestId: 'req1', shortId: 's1', job });
    expect(queued).toMatchObject({ status: 'queued', job });
    expect(await renders.enqueue({ id: 'r2', requestId: 'req1', shortId: 's1', job })).toBeUndefined();
    expect(await renders.enqueue({ id: 'r3', requestId: 'req1', shortId: 's2', job })).toBeDefined();
    expect((await renders.activeFor('req1')).map((r) => r.shortId).sort()).toEqual(['s1', 's2']);

    const claimed = await renders.claim('w1', 20);
    expect(claimed).toMatchObject({ id: 'r1', status: 'processing', attempts: 1 });
    expect(await renders.renewLease('r1', 'w1', 20)).toBe('held');
    expect(await renders.renewLease('r1', 'w2', 20)).toBe('lost');
    await renders.advance('r1', 40);
    expect((await renders.activeFor('req1')).find((r) => r.shortId === 's1')?.progress).toBe(40);
    expect(await renders.finish('r1', 'w2', { status: 'completed' })).toBe(false);
    expect(await renders.finish('r1', 'w1', { status: 'completed' })).toBe(true);
    expect((await renders.activeFor('req1')).map((r) => r.shortId)).toEqual(['s2']);
    expect(await renders.enqueue({ id: 'r4', requestId: 'req1', shortId: 's1', job })).toBeDefined();
  });

  it('hands a render back to the queue: only its holder can, and a graceful stop costs no attempt', async () => {
    const claimed = await renders.claim('w1', 20);
    expect(claimed).toMatchObject({ id: 'r3', attempts: 1 });
    expect(await renders.release('r3', 'w2', { countAttempt: false })).toBe(false);
    expect(await renders.release('r3', 'w1', { countAttempt: false })).toBe(true);
    expect(await renders.claim('w2', 20)).toMatchObject({ id: 'r3', attempts: 1 });
    expect(await renders.release('r3', 'w2', { countAttempt: true })).toBe(true);
    expect(await renders.claim('w1', 20)).toMatchObject({ id: 'r3', attempts: 2 });
    expect(await renders.release('r3', 'w1', { countAttempt: true })).toBe(true);
  });

  it('stops a render whose request is cancelled or deleted', async () => {
    await renders.enqueue({ id: 'r5', requestId: 'req2', shortId: 's1', job });
    await db.query(`UPDATE short_renders SET status = 'done-elsewhere' WHERE request_id = 'req1'`);
    const claimed = await renders.claim('w1', 20);
    expect(claimed?.id).toBe('r5');
    expect(await renders.cancelFor('req2')).toBe(1);
    expect(await renders.renewLease('r5', 'w1', 20)).toBe('stopped');
    await renders.enqueue({ id: 'r6', requestId: 'req2', shortId: 's2', job });
    await db.query(`DELETE FROM requests WHERE id = 'req2'`);
    expect(await renders.activeFor('req2')).toEqual([]);
    expect(await renders.renewLease('r6', 'w1', 20)).toBe('stopped');
  });
}

describe('the re-render queue on PGlite', () => queueSuite(openTestDatabase));

const missing = await postgresMissing();
describe.skipIf(missing)(`the re-render queue on PostgreSQL${missing ? ` (skipped: ${missing})` : ''}`, () =>
  queueSuite(async () => {
    const scratch: ScratchDatabase = await createScratchDatabase('cf_renders');
    const db = await openDatabase({ dataDir: '/nonexistent', databaseUrl: scratch.url });
    await migrate(db);
    return {
      db,
      close: async () => {
        await db.close();
        await scratch.drop();
      },
    };
  }),
);
