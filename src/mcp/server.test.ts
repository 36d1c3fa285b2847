import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGarbage } from '../../test/helpers/garbage.ts';
import { ApiCallError, ClipforgeApi, fetchTransport, type ApiTransport } from './client.ts';
import { toolError, waitForCompletion } from './server.ts';

// wait_for_completion against a loopback server that streams status events as GET /shorts/:id/events does.

const ID = '0123456789abcdef01234567';
let connections = 0;
let streams: string[][] = [];
let server: http.Server;
let api: ClipforgeApi;

const status = (state: string, progress: number) =>
  `event: status\ndata: ${JSON.stringify({ _id: ID, status: state, step: state, stepMessage: `${state}...`, progress })}\n\n`;

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    const events = streams[connections++] ?? [];
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const event of events) response.write(event);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new ClipforgeApi(
    fetchTransport(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`, 'k'),
  );
});
afterAll(() => void server?.close());

function extra() {
  const sent: { progress: number; total: number; message: string }[] = [];
  return {
    sent,
    signal: new AbortController().signal,
    _meta: { progressToken: 7 },
    sendNotification: async (notification: { params: unknown }) =>
      void sent.push(notification.params as never),
  };
}

describe('waitForCompletion', () => {
  it('follows the stream again when it ends early, and notifies each rise in progress once', async () => {
    connections = 0;
    streams = [
      [status('queued', 0), status('processing', 20), status('processing', 20)],
      [status('processing', 20), status('processing', 60), status('completed', 100)],
    ];
    const context = extra();
    const result = await waitForCompletion(api, ID, 30, context as never);
    expect(result).toMatchObject({ timedOut: false, status: { status: 'completed', progress: 100 } });
    expect(connections).toBe(2);
    expect(context.sent.map((params) => params.progress)).toEqual([0, 20, 60, 100]);
    expect(context.sent[0]).toEqual({ progressToken: 7, progress: 0, total: 100, message: 'queued...' });
  });

  it('answers resource_not_found when the request is deleted meanwhile', async () => {
    connections = 0;
    streams = [[status('processing', 40), 'event: deleted\ndata: {}\n\n']];
    const error = await waitForCompletion(api, ID, 30, extra() as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(toolError(error)).toMatchObject({
      isError: true,
      structuredContent: {
        error: { code: 'resource_not_found', message: 'The request was deleted while waiting' },
      },
    });
  });

  it('sends no notifications without a progress token', async () => {
    connections = 0;
    streams = [[status('failed', 40)]];
    const context = { ...extra(), _meta: {} };
    expect((await waitForCompletion(api, ID, 30, context as never)).status?.status).toBe('failed');
    expect(context.sent).toEqual([]);
  });
});

// Each API call below answers only after the test (whatever its signal says: a stuck server, a database read that
// never returns), so a wait that answers at all answered by its own deadline; one that did not would hold its test
// until vitest's timeout. No wall-clock bound: a busy machine would miss any.
describe('waitForCompletion under an API that does not answer', () => {
  const pending = new Set<() => void>();
  afterAll(() => pending.forEach((finish) => finish()));
  const stuckUntilTheEnd = () => new Promise<void>((finish) => pending.add(finish));
  const slowTransport =
    (answer: (path: string) => { status: number; body: string[] }): ApiTransport =>
    async (request) => {
      await stuckUntilTheEnd();
      return answer(request.path);
    };
  const statusBody = (state: string) => ({
    status: 200,
    body: [JSON.stringify({ data: { _id: ID, status: state, step: state, stepMessage: '', progress: 5 } })],
  });

  it('answers by its deadline when neither the event stream nor a status read answers in time', async () => {
    const api = new ClipforgeApi(
      slowTransport((path) =>
        path.endsWith('/events')
          ? { status: 200, body: [status('processing', 5)] }
          : statusBody('processing'),
      ),
    );
    const result = await waitForCompletion(api, ID, 1, extra() as never);
    expect(result).toEqual({ status: undefined, timedOut: true });
  });

  it('answers by its deadline with the latest status when the stream stalls after it', async () => {
    let calls = 0;
    const stalling: ApiTransport = async (request) => {
      calls++;
      if (!request.path.endsWith('/events')) return slowTransport(() => statusBody('queued'))(request);
      async function* body() {
        yield status('processing', 30);
        await stuckUntilTheEnd();
      }
      return { status: 200, body: body() };
    };
    const result = await waitForCompletion(new ClipforgeApi(stalling), ID, 1, extra() as never);
    expect(result).toMatchObject({ timedOut: true, status: { status: 'processing', progress: 30 } });
    expect(calls).toBe(1);
  });

  it(
    'answers by its deadline though the garbage collector runs while it waits',
    { timeout: 60_000 },
    async () => {
      const api = new ClipforgeApi(async (request) => {
        if (!request.path.endsWith('/events')) return slowTransport(() => statusBody('queued'))(request);
        async function* body() {
          yield status('processing', 50);
          await stuckUntilTheEnd();
        }
        return { status: 200, body: body() };
      });
      const collecting = setInterval(collectGarbage, 50);
      try {
        const result = await waitForCompletion(api, ID, 1, extra() as never);
        expect(result).toMatchObject({ timedOut: true, status: { status: 'processing', progress: 50 } });
      } finally {
        clearInterval(collecting);
      }
    },
  );

  it('answers by its deadline while a progress notification is stuck', async () => {
    const api = new ClipforgeApi(async () => ({
      status: 200,
      body: [status('processing', 10)],
    }));
    const stuck = { ...extra(), sendNotification: () => new Promise<void>(() => undefined) };
    const result = await waitForCompletion(api, ID, 1, stuck as never);
    expect(result).toMatchObject({ timedOut: true, status: { status: 'processing', progress: 10 } });
  });
});

describe('toolError', () => {
  it('never throws, whatever failed', () => {
    expect(toolError(new Error('boom'))).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Unexpected error: boom' }],
    });
  });
});
