// npm run bench:first-job — a new user's first job: `clipforge serve` on a fresh data dir (its catalogue files are
// still being made in the background), a 25-second generated talk uploaded the way the dashboard does it
// (POST /uploads, then POST /shorts/create with the upload's fileUrl), timed until the first short is playable
// (the request completed and the short's video downloaded whole). Then the same again on the now warm data dir
// (catalogue made), and on a second fresh data dir given a copy of the made catalogue files (a first job with no
// catalogue work beside it), for comparison: the goal is that the catalogue work never delays the first job.
// Usage: npm run bench:first-job -- [--seconds 25] [--extras] [--no-warm]
//   --extras asks for background music, a game video and a meme hook (built-ins the catalogue may not have made)
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { mediaTools } from '../src/media/tools.ts';
import { generateSampleTalk } from '../src/sample/generate.ts';
import { runClipforge } from '../test/helpers/cli.ts';
import { startClipforge, type RunningServer } from '../test/helpers/server.ts';

const GOAL_SECONDS = 60;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '25' },
    extras: { type: 'boolean', default: false },
    'no-warm': { type: 'boolean', default: false },
  },
});
const clipSeconds = Number(values.seconds);

const sample = await generateSampleTalk({
  tools: mediaTools(loadConfig()),
  durationSeconds: clipSeconds,
  outDir: path.join(os.tmpdir(), 'clipforge-bench-samples'),
  name: 'first-job-talk',
});
const video = await readFile(sample.videoPath);
const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-bench-first-job-'));
const envFor = (dataDir: string) => ({
  // a fresh install: the assets dir is the data dir's own (whatever the calling shell says)
  CLIPFORGE_ASSETS_DIR: path.join(dataDir, 'assets'),
  CLIPFORGE_TRANSCRIBER: process.env.CLIPFORGE_TRANSCRIBER ?? 'pocketsphinx',
  // the bench follows the catalogues and the job more often than a client would
  CLIPFORGE_RATE_LIMIT_SCALE: '1000',
});
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function admin(dataDir: string, ...args: string[]): Promise<string> {
  const result = await runClipforge([...args, '--data-dir', dataDir], { env: envFor(dataDir) });
  if (result.code !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** An account and its key in a data dir. */
async function keyIn(dataDir: string): Promise<string> {
  await admin(dataDir, 'accounts', 'create', '--email', 'first@example.com', '--credits', '10');
  return (await admin(dataDir, 'keys', 'create', '--email', 'first@example.com')).split('\n')[0].trim();
}

interface Listed {
  ready: boolean;
}

/** How many catalogue items (templates, music, game videos, meme hooks) are ready, of how many listed. */
async function catalogueState(
  server: RunningServer,
  key: string,
): Promise<{ ready: number; listed: number }> {
  const items: Listed[] = [];
  for (const route of ['/templates', '/music', '/game-videos', '/meme-hooks']) {
    const response = await fetch(`${server.url}/api/v1${route}?limit=100`, { headers: { 'x-api-key': key } });
    if (response.status !== 200) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
    const data = ((await response.json()) as { data: Record<string, unknown> }).data;
    items.push(...(Object.values(data).find(Array.isArray) as Listed[]));
  }
  return { ready: items.filter((item) => item.ready).length, listed: items.length };
}

interface Run {
  dataDir: Which;
  catalogueAtUpload: { ready: number; listed: number };
  uploadSeconds: number;
  createToCompletedSeconds: number;
  downloadSeconds: number;
  /** upload → playable short */
  totalSeconds: number;
  shorts: number;
  shortBytes: number;
  /** from serve listening to every catalogue item ready (null when it was ready before) */
  catalogueCompleteSeconds: number | null;
  catalogueAtCompletion: { ready: number; listed: number };
}

type Which = 'fresh' | 'warm' | 'fresh, catalogue copied in';

async function firstJob(which: Which, dataDir: string, key: string): Promise<Run> {
  const server = await startClipforge(['serve', '--port', '0', '--data-dir', dataDir], envFor(dataDir));
  const listening = performance.now();
  try {
    const api = (route: string, init: RequestInit = {}) =>
      fetch(`${server.url}/api/v1${route}`, {
        ...init,
        headers: { 'x-api-key': key, ...(init.headers as Record<string, string>) },
      });
    // follows the catalogue while the job runs
    let catalogueComplete: number | null = null;
    let following = true;
    const follow = (async () => {
      while (following) {
        // a refused or failed look is tried again (this loop must never end the bench)
        const state = await catalogueState(server, key).catch(() => ({ ready: 0, listed: 1 }));
        if (state.ready === state.listed) {
          catalogueComplete = performance.now();
          return;
        }
        await sleep(1000);
      }
    })();

    const catalogueAtUpload = await catalogueState(server, key);
    const started = performance.now();
    const uploaded = await api('/uploads', {
      method: 'POST',
      headers: { 'content-type': 'video/mp4', 'x-filename': 'talk.mp4' },
      body: video,
    });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const { fileUrl } = ((await uploaded.json()) as { data: { fileUrl: string } }).data;
    const uploadDone = performance.now();
    const created = await api('/shorts/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        fileUrl,
        start: 0,
        end: clipSeconds,
        ...(values.extras ? { music: true, gameVideo: true, memeHook: true } : {}),
      }),
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
    const { requestId } = ((await created.json()) as { data: { requestId: string } }).data;
    let request: { status: string; failureReason?: string; shorts: Array<{ video_url: string }> };
    for (;;) {
      request = ((await (await api(`/shorts/${requestId}`)).json()) as { data: typeof request }).data;
      if (request.status === 'completed') break;
      if (request.status === 'failed' || request.status === 'cancelled')
        throw new Error(
          `the job ended ${request.status}: ${request.failureReason ?? ''}\n${server.output().slice(-3000)}`,
        );
      await sleep(250);
    }
    const completed = performance.now();
    if (request.shorts.length === 0) throw new Error('the job completed without a short');
    const download = await fetch(request.shorts[0].video_url);
    const bytes = (await download.arrayBuffer()).byteLength;
    if (download.status !== 200 || bytes === 0)
      throw new Error(`the short's video answered ${download.status}`);
    const playable = performance.now();
    if (catalogueComplete === null) await follow;
    following = false;
    return {
      dataDir: which,
      catalogueAtUpload,
      uploadSeconds: seconds(uploadDone - started),
      createToCompletedSeconds: seconds(completed - uploadDone),
      downloadSeconds: seconds(playable - completed),
      totalSeconds: seconds(playable - started),
      shorts: request.shorts.length,
      shortBytes: bytes,
      catalogueCompleteSeconds:
        catalogueAtUpload.ready === catalogueAtUpload.listed || catalogueComplete === null
          ? null
          : seconds(catalogueComplete - listening),
      catalogueAtCompletion: await catalogueState(server, key),
    };
  } finally {
    await server.stop();
  }
}

try {
  const dataDir = path.join(dir, 'data');
  const key = await keyIn(dataDir);
  const runs = [await firstJob('fresh', dataDir, key)];
  if (!values['no-warm']) {
    runs.push(await firstJob('warm', dataDir, key));
    const copied = path.join(dir, 'copied');
    await mkdir(path.join(copied, 'files'), { recursive: true });
    await cp(path.join(dataDir, 'assets'), path.join(copied, 'assets'), { recursive: true });
    for (const part of ['templates', 'catalogue'])
      await cp(path.join(dataDir, 'files', part), path.join(copied, 'files', part), { recursive: true });
    runs.push(await firstJob('fresh, catalogue copied in', copied, await keyIn(copied)));
  }
  const fresh = runs[0];
  const report = {
    clip: { seconds: clipSeconds, size: '1920x1080', bytes: video.length, extras: values.extras },
    runs,
    goalSeconds: GOAL_SECONDS,
    meetsGoal: fresh.totalSeconds <= GOAL_SECONDS,
    machine: { cores: os.availableParallelism(), loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100 },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
  const rows = [
    [
      'data dir',
      'catalogue ready at upload',
      'upload s',
      'create → completed s',
      'download s',
      'upload → playable s',
    ],
    ...runs.map((run) => [
      run.dataDir,
      `${run.catalogueAtUpload.ready}/${run.catalogueAtUpload.listed}`,
      String(run.uploadSeconds),
      String(run.createToCompletedSeconds),
      String(run.downloadSeconds),
      String(run.totalSeconds),
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows)
    process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write(
    `\nfirst job, upload → playable short: ${fresh.totalSeconds} s (goal ≤ ${GOAL_SECONDS} s on ${report.machine.cores} cores)` +
      (fresh.catalogueCompleteSeconds === null
        ? '\n'
        : `; catalogue complete ${fresh.catalogueCompleteSeconds} s after serve started\n`),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
