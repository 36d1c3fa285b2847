import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError, ClipforgeApi, fetchTransport } from './client.ts';
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
    expect((await waitForCompletion(api, ID, 30, context as never)).status.status).toBe('failed');
    expect(context.sent).toEqual([]);
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
