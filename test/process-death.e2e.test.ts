import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDescendants, liveProcesses, type ProcStat } from '../src/bench/process-tree-rss.ts';
import { runClipforge } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startClipforge, type RunningServer } from './helpers/server.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// kill -9 of `serve` while its worker runs a job: nothing it started (job process, ffmpeg, pocketsphinx) may
// outlive it. (Killing at every moment of a spawn is tested on the spawn primitive, src/media/process.test.ts.)

/** The long-running tools of a job (as the kernel names them, 15 characters at most). */
const TOOLS = new Set(['ffmpeg', 'pocketsphinx_co']);
let dir: string;
let server: RunningServer | undefined;
let media: http.Server;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-kill-'));
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  const { createReadStream } = await import('node:fs');
  media = http.createServer((_request, response) =>
    createReadStream(path.join(dir, 'talk.mp4')).pipe(response),
  );
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kill -9 of serve', () => {
  it('takes every process it started with it', async () => {
    const env = {
      CLIPFORGE_DATA_DIR: path.join(dir, 'data'),
      CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
      CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
    };
    server = await startClipforge(['serve', '--port', '0'], env);
    const admin = (...args: string[]) => runClipforge(args, { env });
    await admin('accounts', 'create', '--email', 'k@example.com', '--credits', '5', '--tier', 'business');
    const key = (await admin('keys', 'create', '--email', 'k@example.com')).stdout.split('\n')[0].trim();
    const created = await fetch(`${server.url}/api/v1/shorts/create`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        fileUrl: `http://127.0.0.1:${(media.address() as AddressInfo).port}/talk.mp4`,
        start: 0,
        end: 40,
        preferredLength: 'under30sec',
      }),
    });
    expect(created.status).toBe(201);
    const pid = server.process.pid!;
    let tree: ProcStat[] = [];
    const deadline = Date.now() + JOB_DEADLINE_MS;
    while (Date.now() < deadline) {
      tree = liveDescendants(pid);
      if (tree.some((stat) => TOOLS.has(stat.name))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(tree.some((stat) => TOOLS.has(stat.name))).toBe(true);
    await server.stop('SIGKILL');
    server = undefined;
    const pids = new Set(tree.map((stat) => stat.pid));
    let survivors: ProcStat[] = tree;
    // generous: at a background niceness on a busy machine even dying waits for the CPU; a survivor never goes
    for (let waited = 0; waited < 30_000 && survivors.length > 0; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      survivors = (await liveProcesses()).filter((stat) => pids.has(stat.pid));
    }
    expect(survivors.map((stat) => `${stat.pid} ${stat.name}`)).toEqual([]);
  });
});
