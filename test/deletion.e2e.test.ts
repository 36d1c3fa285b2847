import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/webhooks/sign.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startMediaServer, type MediaServer, type ReceivedWebhook } from './helpers/media-server.ts';
import { startService, type Service } from './helpers/service.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// DELETE and cancel at every moment of a job through the real `serve`: nothing of the request is left on disk,
// not when the call answers and not seconds later; a cancelled request keeps its record and no partial result;
// the cancellation webhook is signed although the request is gone.

let dir: string;
let dataDir: string;
let service: Service;
let media: MediaServer;
let mediaUrl: string;
let webhookSecret: string;
let webhooks: ReceivedWebhook[];
const env = {
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_WEBHOOK_DELAY_SCALE: '0.05',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-delete-'));
  dataDir = path.join(dir, 'data');
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  media = await startMediaServer(path.join(dir, 'talk.mp4'));
  ({ url: mediaUrl, webhooks } = media);
  service = await startService(['serve', '--port', '0', '--data-dir', dataDir], env, ['--data-dir', dataDir]);
  ({ webhookSecret } = await service.newAccount('d@example.com', ['--credits', '20', '--tier', 'business']));
});

afterAll(async () => {
  await service?.stop();
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function api(method: string, route: string, body?: unknown) {
  const { status, body: json } = await service.api(method, route, { body });
  return { status, body: json as { data: Record<string, unknown> } };
}

const create = async (extra: Record<string, unknown> = {}) => {
  const created = await api('POST', '/shorts/create', {
    fileUrl: `${mediaUrl}/talk.mp4`,
    start: 0,
    end: 40,
    preferredLength: 'under30sec',
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.data.requestId as string;
};

const workFiles = async (id: string) => readdir(path.join(dataDir, 'work', id)).catch(() => undefined);

/** Everything of the request under the data dir (its work folder and its rendered files). */
async function leftovers(id: string): Promise<string[]> {
  const found: string[] = [];
  for (const area of ['work', 'files']) {
    const files = await readdir(path.join(dataDir, area, id), { recursive: true }).catch(() => undefined);
    if (files) found.push(`${area}/${id}/`, ...files.map((file) => `${area}/${id}/${file}`));
  }
  return found;
}

/** Waits until the request's job is at the moment `reached` describes. */
async function waitUntil(what: string, reached: () => Promise<boolean>, timeoutMs = JOB_DEADLINE_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await reached()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}\n${service.server.output().slice(-3000)}`);
}

const has = (stage: string) => (id: string) => async () =>
  Boolean((await workFiles(id))?.includes(`stage-${stage}.json`));

/** Moments to delete at, as the job's own folder shows them (each "at or after"), with the request's options. */
const MOMENTS: Array<[string, (id: string) => () => Promise<boolean>, Record<string, unknown>]> = [
  ['as its work begins', (id) => async () => (await workFiles(id)) !== undefined, {}],
  ['while transcribing', has('audio'), {}],
  // with a fixed layout the stages after the highlights take milliseconds: a job that does not stop at once
  // writes their checkpoints after the files were removed
  ['while finding highlights', has('transcript'), { layout: 'fill' }],
  ['while analysing the faces of the first short', has('assets'), {}],
  ['while rendering the first short', has('framing-1'), {}],
  ['while finding highlights, a second time', has('transcript'), { layout: 'fill' }],
];

describe('deleting a request', () => {
  it.each(MOMENTS)('%s leaves nothing of it on disk', async (_moment, moment) => {
    const id = await create();
    await waitUntil(_moment, moment(id));
    const deleted = await api('DELETE', `/shorts/${id}`);
    expect(deleted.status).toBe(200);
    expect(await leftovers(id)).toEqual([]);
    // a job that kept writing would show up here
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await leftovers(id)).toEqual([]);
    expect((await api('GET', `/shorts/${id}`)).status).toBe(404);
  });

  it('while queued leaves nothing either, and its cancellation webhook is signed', async () => {
    const running = await create();
    const queued = await create({ webhookUrl: `${mediaUrl}/webhook` });
    expect((await api('DELETE', `/shorts/${queued}`)).status).toBe(200);
    await api('DELETE', `/shorts/${running}`);
    await waitUntil('the cancellation webhook', async () => webhooks.length > 0, 120_000);
    const [delivery] = webhooks;
    expect(JSON.parse(delivery.body)).toMatchObject({ event: 'shorts.cancelled', requestId: queued });
    const signed = verifyWebhook(
      webhookSecret,
      {
        id: String(delivery.headers['webhook-id']),
        timestamp: String(delivery.headers['webhook-timestamp']),
        signature: String(delivery.headers['webhook-signature']),
      },
      delivery.body,
    );
    expect(signed).toBe(true);
    expect([...(await leftovers(queued)), ...(await leftovers(running))]).toEqual([]);
  });
});

describe('cancelling a request', () => {
  it('while it renders keeps its record and no partial result', async () => {
    const id = await create();
    await waitUntil('the render', has('framing-1')(id));
    const cancelled = await api('POST', `/shorts/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await leftovers(id)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await leftovers(id)).toEqual([]);
    const kept = await api('GET', `/shorts/${id}`);
    expect(kept.status).toBe(200);
    expect(kept.body.data).toMatchObject({ status: 'cancelled' });
    expect(kept.body.data.shorts ?? []).toEqual([]);
  });
});
