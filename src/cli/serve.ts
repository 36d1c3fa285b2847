import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, publicBaseUrl, type Config } from '../config.ts';
import { startAssetSync } from '../assets/shared.ts';
import { CancelledError } from '../domain/errors.ts';
import { createApp } from '../http/app.ts';
import { closeWithGrace } from '../http/close.ts';
import { DASHBOARD_DIR, dashboardBuilt } from '../http/dashboard.ts';
import { makeCatalogueInBackground } from '../jobs/catalogue-maker.ts';
import { startRetentionSweeper } from '../jobs/retention-sweeper.ts';
import { startWebhookDispatcher } from '../jobs/webhook-dispatcher.ts';
import { Worker } from '../jobs/worker.ts';
import { assetsDir } from '../pipeline/run.ts';
import { dataPaths, openServiceContext, type ServiceContext } from '../service/context.ts';

// `clipforge serve` (API + workers) and `clipforge worker` (workers only), with graceful shutdown.

const log = {
  info: (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`),
  warn: (message: string) => process.stderr.write(`${new Date().toISOString()} warning: ${message}\n`),
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const RUNTIME_FILE = 'serve.json';
export const ADMIN_TOKEN_FILE = 'admin.token';

function serverFlags(argv: string[]): Config {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'public-url': { type: 'string' },
      workers: { type: 'string' },
      'no-workers': { type: 'boolean' },
    },
  });
  return loadConfig({
    dataDir: values['data-dir'],
    host: values.host,
    port: values.port,
    publicUrl: values['public-url'],
    workers: values['no-workers'] ? 0 : values.workers,
  });
}

/** The retention sweeper, when CLIPFORGE_RETENTION_DAYS asks for one. */
function retentionSweeper(ctx: ServiceContext): () => Promise<void> {
  const days = ctx.config.retentionDays;
  return days > 0 ? startRetentionSweeper(ctx, log, { days }) : async () => undefined;
}

function onShutdown(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal} received: finishing up`);
      void stop().then(resolve);
    };
    process.once('SIGTERM', () => handler('SIGTERM'));
    process.once('SIGINT', () => handler('SIGINT'));
  });
}

export async function serveCommand(argv: string[]): Promise<number> {
  const config = serverFlags(argv);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // announce this process before opening the embedded database, so admin commands wait for its channel
  const runtimeFile = path.join(config.dataDir, RUNTIME_FILE);
  await writeFile(runtimeFile, JSON.stringify({ url: null, pid: process.pid }));
  const ctx = await openServiceContext(config, (error) => log.warn(`catalogue file: ${message(error)}`));
  const adminToken = randomBytes(24).toString('hex');
  const app = await createApp({ ctx, adminToken, logger: true });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('[::1]', 'localhost');
  const runtime = { url, pid: process.pid };
  if (config.port === 0) ctx.config.port = Number(new URL(url).port);
  await writeFile(path.join(config.dataDir, ADMIN_TOKEN_FILE), adminToken, { mode: 0o600 });
  await writeFile(runtimeFile, JSON.stringify(runtime));
  process.stdout.write(
    `ClipForge listening on ${url} (public URL ${publicBaseUrl(ctx.config)}, database ${ctx.db.kind})\n`,
  );
  if (dashboardBuilt()) log.info(`Dashboard at ${url}/`);
  else
    log.warn(
      `the dashboard is not built (no ${DASHBOARD_DIR}): run npm run build:web; the API works without it`,
    );
  const stopAssetSync = await startAssetSync(ctx.storage, assetsDir(config), log);
  // template previews and built-in assets are made once per data dir, in a background process; later starts
  // find them
  const catalogue = makeCatalogueInBackground(config, dataPaths(config).filesDir, log);
  ctx.catalogue
    .prepare(() => catalogue.done)
    .catch((error: unknown) => {
      if (!(error instanceof CancelledError))
        log.warn(`Could not make the catalogue files: ${message(error)}`);
    });
  const worker = config.workers > 0 ? new Worker(ctx, log, config.workers) : undefined;
  // jobs first: the catalogue process starts no new file while a job runs (both run at the same low priority)
  worker?.onBusyChange((busy) => catalogue.holdForJobs(busy));
  worker?.start();
  const stopWebhooks = startWebhookDispatcher(ctx, log);
  const stopSweeper = retentionSweeper(ctx);
  await onShutdown(async () => {
    // no more deliveries from a process on its way out (closing waits for requests in flight, uploads
    // included): the next one to start sends whatever is due
    await stopWebhooks();
    await closeWithGrace(app);
    await catalogue.stop();
    await worker?.stop();
    await stopSweeper();
    await stopAssetSync();
    await rm(runtimeFile, { force: true });
    await rm(path.join(config.dataDir, ADMIN_TOKEN_FILE), { force: true });
    await ctx.close();
  });
  return 0;
}

export async function workerCommand(argv: string[]): Promise<number> {
  const config = serverFlags(argv);
  if (!config.databaseUrl) {
    process.stderr.write(
      'clipforge worker needs DATABASE_URL (PostgreSQL) shared with `serve --no-workers`\n',
    );
    return 2;
  }
  const ctx = await openServiceContext(config);
  const stopAssetSync = await startAssetSync(ctx.storage, assetsDir(config), log);
  const worker = new Worker(ctx, log, Math.max(1, config.workers));
  worker.start();
  const stopWebhooks = startWebhookDispatcher(ctx, log);
  const stopSweeper = retentionSweeper(ctx);
  process.stdout.write(`ClipForge worker ${worker.id} started (${Math.max(1, config.workers)} slot(s))\n`);
  await onShutdown(async () => {
    await stopWebhooks();
    await worker.stop();
    await stopSweeper();
    await stopAssetSync();
    await ctx.close();
  });
  return 0;
}
