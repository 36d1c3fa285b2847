import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMediaServer, type ReceivedWebhook } from './media-server.ts';
import { cachedSample, SHARED_SAMPLES } from './sample-cache.ts';
import { startService, type Service } from './service.ts';
import { waitFor } from './wait.ts';

// A real `clipforge serve` on its own data dir with one business account, beside a loopback server that plays
// the 40 s sample talk at any path and keeps the webhooks it receives: what the e2e tests of a request's life
// (re-rendering, deleting, cancelling) start from.

export interface WebhookedService {
  service: Service;
  dataDir: string;
  /** base URL of the media server: the talk at any path, webhooks at `/webhook` */
  mediaUrl: string;
  /** the account's webhook deliveries, in the order they arrived */
  webhooks: ReceivedWebhook[];
  webhookSecret: string;
  /** everything of the request under the data dir (its work folder and its rendered files), as relative paths */
  leftovers(requestId: string): Promise<string[]>;
  /** polls `reached` every `intervalMs` until it holds; on a timeout, throws with the server's recent log */
  waitUntil(
    what: string,
    reached: () => Promise<boolean>,
    options?: { timeoutMs?: number; intervalMs?: number },
  ): Promise<void>;
  stop(): Promise<void>;
}

const ENV = {
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_WEBHOOK_DELAY_SCALE: '0.05',
};

export async function startWebhookedService(email: string): Promise<WebhookedService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cf-webhooked-'));
  const dataDir = path.join(dir, 'data');
  const media = await startMediaServer((await cachedSample(SHARED_SAMPLES.small40)).videoPath);
  const service = await startService(['serve', '--port', '0', '--data-dir', dataDir], ENV, [
    '--data-dir',
    dataDir,
  ]);
  const { webhookSecret } = await service.newAccount(email, ['--credits', '20', '--tier', 'business']);
  return {
    service,
    dataDir,
    mediaUrl: media.url,
    webhooks: media.webhooks,
    webhookSecret,
    async leftovers(requestId) {
      const found: string[] = [];
      for (const area of ['work', 'files']) {
        const files = await readdir(path.join(dataDir, area, requestId), { recursive: true }).catch(
          () => undefined,
        );
        if (files)
          found.push(`${area}/${requestId}/`, ...files.map((file) => `${area}/${requestId}/${file}`));
      }
      return found;
    },
    async waitUntil(what, reached, { timeoutMs, intervalMs } = {}) {
      await waitFor(what, async () => ((await reached()) ? true : undefined), {
        timeoutMs,
        intervalMs,
        context: () => service.server.output().slice(-3000),
      });
    },
    async stop() {
      await service.stop();
      media.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
