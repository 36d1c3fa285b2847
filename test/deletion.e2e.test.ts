import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedWith } from './helpers/media-server.ts';
import { startWebhookedService, type WebhookedService } from './helpers/webhooked-service.ts';

// DELETE and cancel at every moment of a job through the real `serve`: nothing of the request is left on disk,
// not when the call answers and not seconds later; a cancelled request keeps its record and no partial result;
// the cancellation webhook is signed although the request is gone.

let running: WebhookedService;

beforeAll(async () => {
  running = await startWebhookedService('d@example.com');
});

afterAll(async () => {
  await running?.stop();
});

async function api(method: string, route: string, body?: unknown) {
  const { status, body: json } = await running.service.api(method, route, { body });
  return { status, body: json as { data: Record<string, unknown> } };
}

const create = async (extra: Record<string, unknown> = {}) => {
  const created = await api('POST', '/shorts/create', {
    fileUrl: `${running.mediaUrl}/talk.mp4`,
    start: 0,
    end: 40,
    preferredLength: 'under30sec',
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.data.requestId as string;
};

const workFiles = async (id: string) =>
  readdir(path.join(running.dataDir, 'work', id)).catch(() => undefined);
const leftovers = (id: string) => running.leftovers(id);
/** Waits until the request's job is at the moment `reached` describes. */
const waitUntil = (what: string, reached: () => Promise<boolean>, timeoutMs?: number) =>
  running.waitUntil(what, reached, { timeoutMs, intervalMs: 20 });

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
    const active = await create();
    const queued = await create({ webhookUrl: `${running.mediaUrl}/webhook` });
    expect((await api('DELETE', `/shorts/${queued}`)).status).toBe(200);
    await api('DELETE', `/shorts/${active}`);
    await waitUntil('the cancellation webhook', async () => running.webhooks.length > 0, 120_000);
    const [delivery] = running.webhooks;
    expect(JSON.parse(delivery.body)).toMatchObject({ event: 'shorts.cancelled', requestId: queued });
    expect(signedWith(running.webhookSecret, delivery)).toBe(true);
    expect([...(await leftovers(queued)), ...(await leftovers(active))]).toEqual([]);
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
