// npm run bench:api — status-poll throughput and latency of `clipforge serve` on loopback while a render runs,
// and the delay from create to the first Server-Sent Event. Usage: npm run bench:api -- [--seconds 10]
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
import { runClipforge } from '../test/helpers/cli.ts';
import { startClipforge } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const config = loadConfig();
const sample = await generateSampleTalk({
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

  const first = await create();
  const events = await fetch(first.eventsUrl, { headers: { 'x-api-key': key } });
  const reader = events.body!.getReader();
  let text = '';
  while (!text.includes('data:')) text += Buffer.from((await reader.read()).value ?? []).toString();
  const firstEventMs = performance.now() - first.started;
  await reader.cancel();

  process.stderr.write('Waiting for the render to be under way...\n');
  for (;;) {
    const status = (await (
      await fetch(`${server.url}/api/v1/shorts/${first.requestId}/status`, { headers })
    ).json()) as {
      data: { step: string };
    };
    if (status.data.step === 'finalizing' || status.data.step === 'transcribing_audio') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  process.stderr.write(`Polling status for ${values.seconds}s with ${values.connections} connections...\n`);
  const result = await autocannon({
    url: `${server.url}/api/v1/shorts/${first.requestId}/status`,
    headers: { 'x-api-key': key },
    connections: Number(values.connections),
    duration: Number(values.seconds),
  });
  const report = {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    firstSseEventMs: Math.round(firstEventMs),
    backgroundJob: 'a 180 s 1080p talk being transcribed or rendered in the same process',
    targets: { requestsPerSecond: 2000, p99Ms: 25, firstSseEventMs: 1000 },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n`);
  process.stdout.write(
    [
      `status polls/s        ${report.requestsPerSecond}      (target ≥ 2000)`,
      `latency p50 / p99     ${report.latencyMs.p50} ms / ${report.latencyMs.p99} ms   (target p99 ≤ 25 ms)`,
      `first SSE event       ${report.firstSseEventMs} ms   (target ≤ 1000 ms)`,
      `non-2xx / errors      ${report.non2xx} / ${report.errors}`,
    ].join('\n') + '\n',
  );
} finally {
  await server.stop();
  media.close();
  await rm(dir, { recursive: true, force: true });
}
