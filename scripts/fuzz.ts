// npm run fuzz — thousands of generated bad requests over every route of a real `clipforge serve` on loopback
// (raw sockets where fetch cannot send the malformed thing). Prints the count of 5xx answers, of answers outside
// the error envelope and of requests left unanswered, and whether the server stayed up: goal 0, 0, 0, yes.
// Usage: npm run fuzz -- [--count 2500] [--seed 1] [--concurrency 8] [--seconds 600] [--database-url postgres://…]
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareTarget } from '../src/fuzz/target.ts';
import { formatReport, runFuzz } from '../src/fuzz/run.ts';
import { makeTestVideo } from '../test/helpers/media.ts';
import { startService } from '../test/helpers/service.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2500' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '600' },
    'database-url': { type: 'string' },
  },
});
const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-fuzz-'));
const dataDir = path.join(dir, 'data');
const videoFile = await makeTestVideo(path.join(dir, 'clip.mp4'), { seconds: 4 });
const media = http.createServer((_request, response) => createReadStream(videoFile).pipe(response));
await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
const env = {
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_RATE_LIMIT_SCALE: '100000',
  ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
};
const service = await startService(['serve', '--no-workers', '--port', '0', '--data-dir', dataDir], env, [
  '--data-dir',
  dataDir,
]);
let exitCode: number;
try {
  const fuzzer = await service.newAccount(`fuzz-${Date.now()}@example.com`, ['--credits', '100']);
  const other = await service.newAccount(`fuzz-other-${Date.now()}@example.com`, ['--credits', '10']);
  const target = await prepareTarget({
    baseUrl: service.server.url,
    key: fuzzer.key,
    otherKey: other.key,
    videoUrl: `http://127.0.0.1:${(media.address() as AddressInfo).port}/clip.mp4`,
    video: await readFile(videoFile),
    adminToken: values['database-url']
      ? undefined
      : (await readFile(path.join(dataDir, 'admin.token'), 'utf8')).trim(),
  });
  const report = await runFuzz({
    port: Number(new URL(service.server.url).port),
    target,
    count: Number(values.count),
    seed: Number(values.seed),
    concurrency: Number(values.concurrency),
    timeBudgetMs: Number(values.seconds) * 1000,
    isUp: async () =>
      service.server.process.exitCode === null &&
      (await fetch(`${service.server.url}/api/v1/healthz`, { signal: AbortSignal.timeout(5000) })
        .then((response) => response.ok)
        .catch(() => false)),
  });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n\n${formatReport(report)}\n`);
  const clean = report.serverErrors + report.outsideEnvelope + report.unanswered === 0 && report.stayedUp;
  exitCode = clean && report.sent === report.planned ? 0 : 1;
} finally {
  await service.stop();
  media.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
