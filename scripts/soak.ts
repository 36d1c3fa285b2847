// npm run soak — scale-out under faults: on PostgreSQL (a database of its own, dropped after), `serve
// --no-workers` and two `worker` processes clip small generated talks while workers are SIGKILLed at random
// moments of random jobs (and started again) and requests are deleted at random moments. Prints jobs lost,
// double charges, duplicate webhook deliveries, orphan child processes and files left by deleted requests.
// Usage: npm run soak -- [--kills 20] [--deletes 6] [--minutes 25]   (or SOAK_KILLS, SOAK_DELETES, SOAK_MINUTES)
import { randomInt } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { liveDescendants, liveProcesses, type ProcStat } from '../src/bench/process-tree-rss.ts';
import { runClipforge } from '../test/helpers/cli.ts';
import { createScratchDatabase } from '../test/helpers/postgres.ts';
import { cachedSample, SHARED_SAMPLES } from '../test/helpers/sample-cache.ts';
import { startClipforge, type RunningServer } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: process.env.SOAK_KILLS ?? '20' },
    deletes: { type: 'string', default: process.env.SOAK_DELETES ?? '6' },
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '25' },
  },
});
const KILLS = Number(values.kills);
const DELETES = Number(values.deletes);
const deadline = Date.now() + Number(values.minutes) * 60_000;
/** Tools and job processes still alive this long after their worker was killed are orphans. */
const ORPHAN_GRACE_MS = 5000;
/** Requests kept in flight while faults are injected. */
const IN_FLIGHT = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string) =>
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);

const database = await createScratchDatabase('clipforge_soak');
const databaseUrl = database.url;
const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-soak-'));
const dataDir = path.join(dir, 'shared');
const sample = await cachedSample(SHARED_SAMPLES.small40);
await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));

// webhook deliveries by event and request; each distinct webhook-id is one event sent
const deliveries = new Map<string, Set<string>>();
let redeliveries = 0;
const server = http.createServer(async (request, response) => {
  if (request.url === '/webhook') {
    let body = '';
    for await (const chunk of request) body += chunk;
    const { event, requestId } = JSON.parse(body) as { event: string; requestId: string };
    const ids = deliveries.get(`${event} ${requestId}`) ?? new Set<string>();
    const id = String(request.headers['webhook-id']);
    if (ids.has(id)) redeliveries++;
    ids.add(id);
    deliveries.set(`${event} ${requestId}`, ids);
    response.end();
    return;
  }
  createReadStream(path.join(dir, 'talk.mp4')).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const env = {
  DATABASE_URL: databaseUrl,
  CLIPFORGE_DATA_DIR: dataDir,
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_WEBHOOK_DELAY_SCALE: '0.05',
};
const startWorker = () => startClipforge(['worker'], env, /worker (\S+) started/);
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
let api: RunningServer | undefined;
const workers: RunningServer[] = [];
const started = Date.now();

try {
  api = await startClipforge(['serve', '--no-workers', '--port', '0'], env);
  workers.push(await startWorker(), await startWorker());
  const admin = (...args: string[]) => runClipforge(args, { env });
  const credits = 1000;
  await admin(
    'accounts',
    'create',
    '--email',
    'soak@example.com',
    '--credits',
    String(credits),
    '--tier',
    'business',
  );
  const key = (await admin('keys', 'create', '--email', 'soak@example.com')).stdout.split('\n')[0].trim();
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${api!.url}/api/v1${route}`, {
      method,
      headers: { 'x-api-key': key, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } };
  };

  const created: string[] = [];
  const deleted = new Set<string>();
  const create = async () => {
    const start = randomInt(0, 15);
    const { status, body } = await call('POST', '/shorts/create', {
      fileUrl: `${base}/talk.mp4`,
      start,
      end: start + 20 + randomInt(0, 6),
      preferredLength: 'under30sec',
      webhookUrl: `${base}/webhook`,
    });
    if (status !== 201) throw new Error(`create answered ${status}: ${JSON.stringify(body)}`);
    created.push(body.data.requestId as string);
  };
  const pidOf = (owner: string) => Number(owner.split('-').at(-2));
  const workerPids = () => new Set(workers.map((worker) => worker.process.pid));
  /** Requests a live worker is running now. */
  const running = async () =>
    (
      await db.query<{ id: string; lease_owner: string }>(
        `SELECT id, lease_owner FROM requests WHERE status = 'processing' AND lease_owner IS NOT NULL`,
      )
    ).rows.filter((row) => workerPids().has(pidOf(row.lease_owner)));
  /** Waits until the job has come `target` % of its way under the same worker; false if it ended or moved. */
  const reaches = async (job: { id: string; lease_owner: string }, target: number) => {
    for (const giveUp = Date.now() + 120_000; Date.now() < giveUp; await sleep(100)) {
      const { rows } = await db.query<{ status: string; lease_owner: string; progress: number }>(
        'SELECT status, lease_owner, progress FROM requests WHERE id = $1',
        [job.id],
      );
      if (rows[0]?.status !== 'processing' || rows[0].lease_owner !== job.lease_owner) return false;
      if (Number(rows[0].progress) >= target) return true;
    }
    return false;
  };
  const unfinished = async () =>
    Number(
      (await db.query(`SELECT count(*) AS n FROM requests WHERE status IN ('queued', 'processing')`)).rows[0]
        .n,
    );

  let kills = 0;
  let deletes = 0;
  const orphans: ProcStat[] = [];
  const orphanChecks: Promise<void>[] = [];
  while ((kills < KILLS || deletes < DELETES) && Date.now() < deadline) {
    while ((await unfinished()) < IN_FLIGHT) await create();
    const jobs = await running();
    if (jobs.length === 0) {
      await sleep(500);
      continue;
    }
    // a random job, at a random point of its way (its progress, 2–97 %)
    const job = jobs[randomInt(0, jobs.length)];
    const target = randomInt(2, 98);
    if (!(await reaches(job, target))) continue;
    const deleteNow = deletes < DELETES && (kills >= KILLS || randomInt(0, KILLS + DELETES) < DELETES);
    if (deleteNow) {
      const { status } = await call('DELETE', `/shorts/${job.id}`);
      if (status === 200) {
        deleted.add(job.id);
        deletes++;
        say(`deleted ${job.id} at ${target} % (${deletes}/${DELETES})`);
      }
      continue;
    }
    const pid = pidOf(job.lease_owner);
    const victim = workers.findIndex((worker) => worker.process.pid === pid);
    if (victim < 0) continue;
    const tree = liveDescendants(pid);
    await workers[victim].stop('SIGKILL');
    kills++;
    say(
      `killed worker ${pid} running ${job.id} at ${target} %, ${tree.length} processes below it (${kills}/${KILLS})`,
    );
    orphanChecks.push(
      sleep(ORPHAN_GRACE_MS).then(async () => {
        const alive = new Set((await liveProcesses()).map((stat) => stat.pid));
        orphans.push(...tree.filter((stat) => alive.has(stat.pid)));
      }),
    );
    workers[victim] = await startWorker();
  }

  say('faults done; waiting for every request to finish');
  while ((await unfinished()) > 0 && Date.now() < deadline) await sleep(1000);
  await Promise.all(orphanChecks);
  // let the last webhooks go out and any late writer show itself
  await sleep(10_000);

  const { rows } = await db.query<{
    id: string;
    status: string;
    failure_reason: string | null;
    refunded: boolean;
  }>('SELECT id, status, failure_reason, refunded FROM requests');
  const remaining = new Map(rows.map((row) => [row.id, row]));
  const kept = created.filter((id) => !deleted.has(id));
  const lost = kept.filter((id) => remaining.get(id)?.status !== 'completed');
  const refunds = rows.filter((row) => row.refunded).length;
  const balance = Number(
    (await db.query(`SELECT credits FROM accounts WHERE email = 'soak@example.com'`)).rows[0].credits,
  );
  const doubleCharges = credits - created.length + refunds - balance;
  const duplicateWebhooks = [...deliveries.values()].filter((ids) => ids.size > 1).length;
  // every request that ended tells its receiver once: completed, or cancelled by its delete
  const missingWebhooks = [
    ...kept.filter((id) => !lost.includes(id)).map((id) => `shorts.completed ${id}`),
    ...[...deleted].map((id) => `shorts.cancelled ${id}`),
  ].filter((event) => !deliveries.has(event));
  const leftFiles: string[] = [];
  for (const id of deleted) {
    for (const area of ['work', 'files']) {
      const files = await readdir(path.join(dataDir, area, id)).catch(() => undefined);
      if (files) leftFiles.push(`${area}/${id}/ (${files.length} files)`);
    }
  }
  const report = {
    kills,
    deletes,
    requests: created.length,
    completed: kept.length - lost.length,
    jobsLost: lost.length,
    lost: lost.map((id) => ({
      id,
      status: remaining.get(id)?.status,
      reason: remaining.get(id)?.failure_reason,
    })),
    doubleCharges,
    duplicateWebhookDeliveries: duplicateWebhooks,
    webhookRetriesOfOneEvent: redeliveries,
    missingWebhooks,
    orphanChildProcesses: orphans.length,
    orphans: orphans.map((stat) => `${stat.pid} ${stat.name}`),
    filesLeftByDeletedRequests: leftFiles.length,
    leftFiles,
    minutes: Math.round((Date.now() - started) / 600) / 100,
    timedOut: Date.now() >= deadline,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
  const line = (label: string, value: number, goal = 0) =>
    `${label.padEnd(34)} ${String(value).padStart(5)}   ${value === goal ? 'ok' : 'FAIL'}`;
  process.stdout.write(
    [
      `${kills} worker SIGKILLs and ${deletes} deletes over ${report.requests} requests in ${report.minutes} min`,
      line('jobs lost', report.jobsLost),
      line('double charges', report.doubleCharges),
      line('duplicate webhook deliveries', report.duplicateWebhookDeliveries),
      line('orphan child processes', report.orphanChildProcesses),
      line('files left by deleted requests', report.filesLeftByDeletedRequests),
    ].join('\n') + '\n',
  );
  process.exitCode =
    report.jobsLost +
      report.doubleCharges +
      report.duplicateWebhookDeliveries +
      report.orphanChildProcesses +
      report.filesLeftByDeletedRequests ===
      0 && !report.timedOut
      ? 0
      : 1;
} finally {
  for (const process of [api, ...workers]) await process?.stop('SIGKILL');
  server.close();
  await db.end();
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
