import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiCallError,
  ApiUnreachableError,
  ClipforgeApi,
  fetchTransport,
  videoContentType,
} from './client.ts';
import { asyncListener } from '../../test/helpers/http-listener.ts';

// The API client against a real HTTP server on loopback that answers as the ClipForge API does.

interface Seen {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
let seen: Seen[] = [];
let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-mcp-client-'));
  server = http.createServer(
    asyncListener(async (request, response) => {
      let body = '';
      for await (const chunk of request) body += chunk;
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      const send = (status: number, payload: string, type = 'application/json') => {
        response.writeHead(status, { 'content-type': type });
        response.end(payload);
      };
      if (request.url?.startsWith('/api/v1/shorts/000000000000000000000000/events')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('retry: 2000\n\n');
        response.write(
          'event: status\ndata: {"_id":"000000000000000000000000","status":"processing","progress":40}\n\n',
        );
        response.end('event: deleted\ndata: {}\n\n');
        return;
      }
      if (request.url === '/api/v1/shorts/abc/status') {
        return send(
          400,
          JSON.stringify({
            error: {
              code: 'invalid_request',
              message: 'Invalid request ID format',
              details: { fields: { id: 'x' } },
            },
          }),
        );
      }
      if (request.url === '/api/v1/templates') return send(502, '<html>bad gateway</html>', 'text/html');
      if (request.url === '/api/v1/uploads')
        return send(201, JSON.stringify({ data: { fileUrl: 'http://x/u', bytes: body.length } }));
      return send(200, JSON.stringify({ data: { ok: true } }));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`;
});

afterAll(async () => {
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ClipforgeApi over fetch', () => {
  it('sends the key, JSON bodies and queries, and escapes ids into one path segment', async () => {
    seen = [];
    const api = new ClipforgeApi(fetchTransport(base, 'sk_test_key'));
    expect(await api.createShort({ fileUrl: 'http://x/v.mp4', start: 0, end: 10 })).toEqual({ ok: true });
    await api.listRequests({ page: 2, limit: 5, status: undefined });
    await api.getShorts('../account');
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/v1/shorts/create',
      'GET /api/v1/shorts?page=2&limit=5',
      'GET /api/v1/shorts/..%2Faccount',
    ]);
    expect(seen[0].headers).toMatchObject({ 'x-api-key': 'sk_test_key', 'content-type': 'application/json' });
    expect(JSON.parse(seen[0].body)).toEqual({ fileUrl: 'http://x/v.mp4', start: 0, end: 10 });
    expect(seen[1].headers['content-type']).toBeUndefined();
  });

  it('turns the error envelope into ApiCallError, and a non-API answer into internal_error', async () => {
    const api = new ClipforgeApi(fetchTransport(base, undefined));
    const error = await api.getStatus('abc').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error).toMatchObject({
      code: 'invalid_request',
      message: 'Invalid request ID format',
      status: 400,
    });
    expect((error as ApiCallError).details).toEqual({ fields: { id: 'x' } });
    await expect(api.listTemplates()).rejects.toMatchObject({
      code: 'internal_error',
      message: 'The API answered HTTP 502 without an error body',
    });
  });

  it('says which server gave no answer', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/api/v1`;
    await new Promise((resolve) => closed.close(resolve));
    const api = new ClipforgeApi(fetchTransport(url, 'k'));
    const error = await api.listTemplates().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect((error as Error).message).toContain(`no answer from ${url} (connect ECONNREFUSED`);
  });

  it('streams an upload with its type, size and name, and refuses a missing file before sending', async () => {
    seen = [];
    const file = path.join(dir, 'My Talk.MOV');
    await writeFile(file, 'x'.repeat(1000));
    const api = new ClipforgeApi(fetchTransport(base, 'k'));
    expect(await api.upload(file)).toEqual({ fileUrl: 'http://x/u', bytes: 1000 });
    expect(seen[0].headers).toMatchObject({
      'content-type': 'video/quicktime',
      'content-length': '1000',
      'x-filename': 'My Talk.MOV',
    });
    await expect(api.upload(path.join(dir, 'none.mp4'))).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(api.upload(dir)).rejects.toThrow(/No such file/);
    expect(seen).toHaveLength(1);
    expect(videoContentType('clip.webm')).toBe('video/webm');
    expect(videoContentType('clip.unknown')).toBe('video/mp4');
  });

  it('reads the status events of a request, deletion included', async () => {
    const api = new ClipforgeApi(fetchTransport(base, 'k'));
    const events = [];
    for await (const event of api.statusEvents('000000000000000000000000', new AbortController().signal)) {
      events.push(event);
    }
    expect(events).toEqual([
      { _id: '000000000000000000000000', status: 'processing', progress: 40 },
      'deleted',
    ]);
  });
});
