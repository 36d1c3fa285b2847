import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { RunningJobs } from './running-jobs.ts';
import { mediaTools, type MediaTools } from '../media/tools.ts';
import { AccountsRepository } from '../store/accounts.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { migrate } from '../store/migrations.ts';
import { RequestsRepository } from '../store/requests.ts';
import { ShortRendersRepository } from '../store/short-renders.ts';
import { SettingsRepository } from '../store/settings.ts';
import { openStorage } from '../storage/open.ts';
import { LocalStorage } from '../storage/local.ts';
import type { Storage } from '../storage/storage.ts';
import { WebhookDeliveries } from '../webhooks/deliveries.ts';
import { CatalogueFiles } from './catalogue-files.ts';
import { MemoryCounterStore, SqlCounterStore, type CounterStore } from '../store/counters.ts';

// Everything a ClipForge process shares: configuration, the database and its repositories, where files live,
// the key that signs download URLs, and an in-process signal that a request changed (SSE listens to it; changes
// made by other processes are seen by polling).

export interface ServiceContext {
  config: Config;
  /** ffmpeg and ffprobe as configured: every spawn of this process takes them from here */
  tools: MediaTools;
  db: Database;
  accounts: AccountsRepository;
  requests: RequestsRepository;
  shortRenders: ShortRendersRepository;
  webhooks: WebhookDeliveries;
  /** jobs running in this process (a cancel or delete handled here stops them and waits) */
  jobs: RunningJobs;
  changes: EventEmitter;
  /** where rendered files, uploads and shareable checkpoints are kept (the data dir, or a bucket) */
  storage: Storage;
  /** this host's data dir as storage: the catalogue files each API host makes for itself */
  localStorage: LocalStorage;
  /** this host's folders; with shared storage, scratch only */
  filesDir: string;
  workDir: string;
  uploadsDir: string;
  signingKey: string;
  /** rate-limit counters: in memory when this process owns the embedded database, else shared in SQL */
  counters: CounterStore;
  /** template previews and catalogue files, made in the background */
  catalogue: CatalogueFiles;
  close(): Promise<void>;
}

/**
 * The URL-signing key: CLIPFORGE_SIGNING_KEY, or one generated once into the database, so every host of a
 * scale-out signs and verifies alike. A data dir from before keeps its key (signing.key), so its links still work.
 */
async function signingKey(db: Database, dataDir: string): Promise<string> {
  if (process.env.CLIPFORGE_SIGNING_KEY) return process.env.CLIPFORGE_SIGNING_KEY;
  const earlier = await readFile(path.join(dataDir, 'signing.key'), 'utf8').catch(() => undefined);
  return new SettingsRepository(db).getOrCreate(
    'url_signing_key',
    earlier?.trim() || randomBytes(32).toString('hex'),
  );
}

/** Where a data dir keeps served files, job work and uploads. */
export function dataPaths(config: Pick<Config, 'dataDir'>) {
  return {
    filesDir: path.join(config.dataDir, 'files'),
    workDir: path.join(config.dataDir, 'work'),
    uploadsDir: path.join(config.dataDir, 'uploads'),
  };
}

export async function openServiceContext(
  config: Config,
  onError: (error: unknown) => void = () => undefined,
): Promise<ServiceContext> {
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  await migrate(db);
  const changes = new EventEmitter();
  const paths = dataPaths(config);
  const tools = mediaTools(config);
  changes.setMaxListeners(0);
  return {
    config,
    tools,
    db,
    accounts: new AccountsRepository(db),
    requests: new RequestsRepository(db),
    shortRenders: new ShortRendersRepository(db),
    webhooks: new WebhookDeliveries(db, {
      allowlist: config.networkAllowlist,
      delayScale: config.webhookDelayScale,
    }),
    jobs: new RunningJobs(),
    changes,
    storage: await openStorage(config),
    localStorage: new LocalStorage(config.dataDir),
    ...paths,
    catalogue: new CatalogueFiles(config, tools, paths.filesDir, onError),
    signingKey: await signingKey(db, config.dataDir),
    counters: db.kind === 'pglite' ? new MemoryCounterStore() : new SqlCounterStore(db),
    close: () => db.close(),
  };
}
