import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_ID } from '../src/pipeline/captions/templates.ts';
import { signedWith } from './helpers/media-server.ts';
import { startWebhookedService, type WebhookedService } from './helpers/webhooked-service.ts';

// Editing a finished short through the real `serve` (spec §11): new bounds and another template rendered from
// the request's kept analysis, the short recompiling meanwhile and swapped at the end, its webhook signed; the
// refusals (400 naming the field, 404, 409); a DELETE during a re-render leaves nothing.

let running: WebhookedService;
let otherKey: string;

beforeAll(async () => {
  running = await startWebhookedService('r@example.com');
  ({ key: otherKey } = await running.service.newAccount('other@example.com', ['--credits', '1']));
});

afterAll(async () => {
  await running?.stop();
});

async function api(method: string, route: string, body?: unknown, key?: string) {
  const { status, body: json } = await running.service.api(method, route, { body, ...(key ? { key } : {}) });
  return {
    status,
    body: json as { data: Record<string, unknown>; error?: { code: string; details: unknown } },
  };
}

// polls stay inside the status pool's rate limit (500 a minute)
const waitUntil = (what: string, reached: () => Promise<boolean>, timeoutMs?: number) =>
  running.waitUntil(what, reached, { timeoutMs, intervalMs: 400 });

const create = async (extra: Record<string, unknown> = {}) => {
  const created = await api('POST', '/shorts/create', {
    fileUrl: `${running.mediaUrl}/talk.mp4`,
    // one short of the whole window, framed without face analysis: a real job that stays quick
    start: 0,
    end: 24,
    noClipping: true,
    preferredLength: 'under30sec',
    layout: 'fill',
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body.data.requestId as string;
};

interface Short {
  id: string;
  video_url: string;
  sha256: string;
  startTimestamp: number;
  endTimestamp: number;
  duration: number;
  recompiling: boolean;
}

const shortsOf = async (id: string) => (await api('GET', `/shorts/${id}`)).body.data.shorts as Short[];

async function completed(id: string): Promise<Short[]> {
  await waitUntil(
    'completion',
    async () => (await api('GET', `/shorts/${id}/status`)).body.data.status === 'completed',
  );
  return shortsOf(id);
}

const leftovers = (id: string) => running.leftovers(id);

describe('re-rendering a short', () => {
  let requestId: string;
  let short: Short;

  beforeAll(async () => {
    requestId = await create({ webhookUrl: `${running.mediaUrl}/webhook` });
    [short] = await completed(requestId);
  });

  it('refuses bad edits with 400 naming the field', async () => {
    const route = `/shorts/${requestId}/shorts/${short.id}/render`;
    const cases: Array<[unknown, string]> = [
      [{}, 'body'],
      [{ start: 500 }, 'start'],
      [{ end: 400 }, 'end'],
      [{ start: 10, end: 8 }, 'end'],
      [{ templateId: '0'.repeat(24) }, 'templateId'],
      [{ layout: 'diagonal' }, 'layout'],
      [{ captionEdits: [{ word: 100000, text: 'x' }] }, 'captionEdits.0.word'],
      [{ trimPauses: 'yes' }, 'trimPauses'],
    ];
    for (const [body, field] of cases) {
      const answer = await api('POST', route, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error?.code).toBe('invalid_request');
      expect(Object.keys((answer.body.error?.details as { fields: object }).fields)).toContain(field);
    }
  });

  it("answers 404 for another account's request, an unknown short and an unknown request", async () => {
    const body = { trimPauses: true };
    expect((await api('POST', `/shorts/${requestId}/shorts/${short.id}/render`, body, otherKey)).status).toBe(
      404,
    );
    expect((await api('POST', `/shorts/${requestId}/shorts/${'a'.repeat(24)}/render`, body)).status).toBe(
      404,
    );
    expect((await api('POST', `/shorts/${'b'.repeat(24)}/shorts/${short.id}/render`, body)).status).toBe(404);
  });

  it('renders it again with new bounds and another template, swapping its files when done', async () => {
    const { templates } = (await api('GET', '/templates')).body.data as {
      templates: { templateId: string }[];
    };
    const other = templates.find((template) => template.templateId !== DEFAULT_TEMPLATE_ID)!;
    const route = `/shorts/${requestId}/shorts/${short.id}/render`;
    const answer = await api('POST', route, {
      start: short.startTimestamp + 3,
      end: short.endTimestamp - 3,
      templateId: other.templateId,
    });
    expect(answer.status).toBe(202);
    const queued = answer.body.data as unknown as Short & { snapped: { start: number; end: number } };
    expect(queued).toMatchObject({ id: short.id, recompiling: true, sha256: short.sha256 });
    expect(queued.snapped.start).toBeGreaterThan(short.startTimestamp);
    expect(queued.snapped.end).toBeLessThan(short.endTimestamp);

    expect((await api('POST', route, { trimPauses: true })).status).toBe(409);
    const during = (await shortsOf(requestId)).find((s) => s.id === short.id)!;
    expect(during.recompiling).toBe(true);
    expect(new URL(during.video_url).pathname).toBe(new URL(short.video_url).pathname);

    await waitUntil(
      'the re-render',
      async () => !(await shortsOf(requestId)).find((s) => s.id === short.id)!.recompiling,
    );
    const after = (await shortsOf(requestId)).find((s) => s.id === short.id)!;
    expect(after.sha256).not.toBe(short.sha256);
    expect(after.startTimestamp).toBe(queued.snapped.start);
    expect(after.endTimestamp).toBe(queued.snapped.end);
    expect(after.duration).toBeCloseTo(queued.snapped.end - queued.snapped.start, 0);
    expect((await fetch(after.video_url, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(short.video_url)).status).toBe(404);

    await waitUntil(
      'the webhook',
      async () => running.webhooks.some((hook) => hook.body.includes('short.rerendered')),
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rerendered = running.webhooks.filter((hook) => JSON.parse(hook.body).event === 'short.rerendered');
    expect(rerendered).toHaveLength(1);
    const [delivery] = rerendered;
    expect(JSON.parse(delivery.body)).toMatchObject({
      requestId,
      data: { id: short.id, sha256: after.sha256 },
    });
    expect(signedWith(running.webhookSecret, delivery)).toBe(true);
    const account = (await api('GET', '/account')).body.data as { credits: number };
    expect(account.credits).toBe(19);
  });

  it('tightens its pauses: shorter, same words', async () => {
    const before = (await shortsOf(requestId)).find((s) => s.id === short.id)!;
    const answer = await api('POST', `/shorts/${requestId}/shorts/${short.id}/render`, { trimPauses: true });
    expect(answer.status).toBe(202);
    await waitUntil(
      'the re-render',
      async () => !(await shortsOf(requestId)).find((s) => s.id === short.id)!.recompiling,
    );
    const after = (await shortsOf(requestId)).find((s) => s.id === short.id)!;
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.duration).toBeLessThanOrEqual(before.duration);
  });
  // last, on the same request: a new job would cost minutes on a busy machine
  it('stops a re-render when the request is deleted, leaving nothing', async () => {
    const answer = await api('POST', `/shorts/${requestId}/shorts/${short.id}/render`, { layout: 'fit' });
    expect(answer.status).toBe(202);
    // the re-render has started once its new files appear beside the old ones
    const before = await leftovers(requestId);
    await waitUntil(
      'the re-render to start',
      async () => (await leftovers(requestId)).length > before.length,
    );
    expect((await api('DELETE', `/shorts/${requestId}`)).status).toBe(200);
    expect(await leftovers(requestId)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(await leftovers(requestId)).toEqual([]);
    expect((await api('GET', `/shorts/${requestId}`)).status).toBe(404);
  });
});

describe('a request that is not completed', () => {
  it('answers 409', async () => {
    const id = await create();
    const answer = await api('POST', `/shorts/${id}/shorts/${'c'.repeat(24)}/render`, { trimPauses: true });
    expect(answer.status).toBe(409);
    expect(answer.body.error?.code).toBe('conflict');
    await api('DELETE', `/shorts/${id}`);
  });
});
