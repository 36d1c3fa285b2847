// npm run bench:api — status-poll throughput and latency of `clipforge serve` on loopback while its embedded
// worker renders, at several connection counts, and the delay from create to the first Server-Sent Event.
// Usage: npm run bench:api -- [--seconds 10] [--connections 16,64]
import autocannon from 'autocannon';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSampleTalk } from '../src/sample/generate.ts';
import { loadConfig } from '../src/config.ts';
import { mediaTools } from '../src/media/tools.ts';
import { runClipforge } from '../test/helpers/cli.ts';
import { startClipforge } from '../test/helpers/server.ts';

const TARGETS = { requestsPerSecond: 2000, p99Ms: 25, firstSseEventMs: 1000 };

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '16,64' } },
});
const connectionCounts = values.connections.split(',').map(Number);
const config = loadConfig();
const sample = await generateSampleTalk({
  tools: mediaTools(config),
  durationSeconds: 180,
  outDir: path.join(config.dataDir, 'samples'),
});
const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-bench-api-'));
const media = http.createServer((_request, response) => createReadStream(sample.videoPath).pipe(response));
await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
const videoUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/talk.mp4`;
const env = {
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_RATE_LIMIT_SCALE: '100000',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
};
const dataDir = path.join(dir, 'data');
const server = await startClipforge(['serve', '--port', '0', '--data-dir', dataDir], env);
try {
  await runClipforge(
    ['accounts', 'create', '--email', 'bench@example.com', '--credits', '10', '--data-dir', dataDir],
    { env },
  );
  const key = (
    await runClipforge(['keys', 'create', '--email', 'bench@example.com', '--data-dir', dataDir], { env })
  ).stdout
    .split('\n')[0]
    .trim();
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  const create = async () => {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/shorts/create`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ fileUrl: videoUrl, start: 0, end: 180, preferredLength: 'under60sec' }),
    });
    const body = (await response.json()) as { data: { requestId: string; eventsUrl: string } };
    return { ...body.data, started };
  };
  const statusOf = async (id: string) =>
    (
      (await (await fetch(`${server.url}/api/v1/shorts/${id}/status`, { headers })).json()) as {
        data: { step: string; progress: number };
      }
    ).data;
  // where the job is: its step and overall progress, to show the render goes on under the load
  const stepOf = async (id: string) => {
    const { step, progress } = await statusOf(id);
    return `${step} ${progress}%`;
  };

  const first = await create();
  const events = await fetch(first.eventsUrl, { headers: { 'x-api-key': key } });
  const reader = events.body!.getReader();
  let text = '';
  while (!text.includes('data:')) text += Buffer.from((await reader.read()).value ?? []).toString();
  const firstEventMs = performance.now() - first.started;
  await reader.cancel();
  // a second job queued behind the first keeps the worker rendering through every measurement
  const jobs = [first.requestId, (await create()).requestId];

  process.stderr.write('Waiting for the render to be under way...\n');
  while ((await statusOf(first.requestId)).step !== 'finalizing')
    await new Promise((r) => setTimeout(r, 200));

  const runs = [];
  for (const connections of connectionCounts) {
    process.stderr.write(`Polling status for ${values.seconds}s with ${connections} connections...\n`);
    const stepsBefore = await Promise.all(jobs.map(stepOf));
    const result = await autocannon({
      url: `${server.url}/api/v1/shorts/${first.requestId}/status`,
      headers: { 'x-api-key': key },
      connections,
      duration: Number(values.seconds),
    });
    const stepsAfter = await Promise.all(jobs.map(stepOf));
    runs.push({
      connections,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      non2xx: result.non2xx,
      errors: result.errors,
      jobSteps: { before: stepsBefore, after: stepsAfter },
      meetsTargets:
        result.requests.average >= TARGETS.requestsPerSecond && result.latency.p99 <= TARGETS.p99Ms,
    });
  }
  const report = {
    runs,
    firstSseEventMs: Math.round(firstEventMs),
    backgroundJob: 'a 180 s 1080p talk rendered by the embedded worker, another queued behind it',
    machine: { cores: os.availableParallelism(), loadAverage1m: os.loadavg()[0] },
    targets: TARGETS,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
  process.stdout.write(
    [
      'connections  polls/s  p50 ms  p99 ms  max ms  non-2xx  job during the run               target (≥ 2000/s, p99 ≤ 25 ms)',
      ...runs.map((run) =>
        [
          String(run.connections).padStart(11),
          String(run.requestsPerSecond).padStart(8),
          String(run.latencyMs.p50).padStart(7),
          String(run.latencyMs.p99).padStart(7),
          String(run.latencyMs.max).padStart(7),
          String(run.non2xx).padStart(8),
          `  ${run.jobSteps.before[0]} → ${run.jobSteps.after[0]}`.padEnd(33),
          run.meetsTargets ? 'met' : 'missed',
        ].join(' '),
      ),
      `first SSE event ${report.firstSseEventMs} ms (target ≤ ${TARGETS.firstSseEventMs} ms)`,
    ].join('\n') + '\n',
  );
} finally {
  await server.stop();
  media.close();
  await rm(dir, { recursive: true, force: true });
}
