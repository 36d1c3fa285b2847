import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIPFORGE_ARGS } from './helpers/cli.ts';
import { sendFileFrom } from './helpers/media.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startService, type Service } from './helpers/service.ts';

// The MCP server through the SDK's own client, over stdio (`clipforge mcp`) and streamable HTTP (`serve` at
// /mcp), against a real `clipforge serve` rendering a real generated talk.

let dir: string;
let dataDir: string;
let service: Service;
let media: http.Server;
let mediaUrl: string;
let key: string;
const open: Client[] = [];

const REFERENCE_TOOLS = [
  'create_short',
  'get_status',
  'get_shorts',
  'list_requests',
  'delete_request',
  'list_templates',
  'list_music',
  'list_game_videos',
  'list_meme_hooks',
];
const EXTRA_TOOLS = ['cancel_request', 'rerender_short', 'wait_for_completion'];

const env = {
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_X264_PRESET: 'ultrafast',
};
/** A 12-second window as one short, framed to fit: a real render that stays quick. */
const SHORT_JOB = { start: 0, end: 12, noClipping: true, layout: 'fit', preferredLength: 'under30sec' };

async function connectStdio(apiKey: string | undefined): Promise<Client> {
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) childEnv[name] = value;
  delete childEnv.CLIPFORGE_API_KEY;
  Object.assign(
    childEnv,
    { CLIPFORGE_API_URL: `${service.server.url}/api/v1` },
    apiKey ? { CLIPFORGE_API_KEY: apiKey } : {},
  );
  const client = new Client({ name: 'clipforge-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [...CLIPFORGE_ARGS, 'mcp'],
      env: childEnv,
      stderr: 'ignore',
    }),
  );
  open.push(client);
  return client;
}

async function connectHttp(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'clipforge-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${service.server.url}/mcp`), { requestInit: { headers } }),
  );
  open.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & {
    structuredContent?: Record<string, unknown>;
  };
}

const text = (result: CallToolResult) =>
  result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

/** create → wait (with progress) → get_shorts → the video downloads → delete → gone. */
async function fullRun(client: Client, source: Record<string, unknown>) {
  const created = await call(client, 'create_short', { ...source, ...SHORT_JOB });
  expect(created.isError, text(created)).toBeFalsy();
  const requestId = created.structuredContent?.requestId as string;
  expect(requestId).toMatch(/^[0-9a-f]{24}$/);
  expect(text(created)).toContain(requestId);

  const progress: Progress[] = [];
  const waited = (await client.callTool(
    { name: 'wait_for_completion', arguments: { requestId, timeoutSeconds: 600 } },
    undefined,
    { onprogress: (update) => void progress.push(update), timeout: 600_000, resetTimeoutOnProgress: true },
  )) as CallToolResult & { structuredContent?: Record<string, unknown> };
  expect(waited.isError, text(waited)).toBeFalsy();
  expect(waited.structuredContent).toMatchObject({
    _id: requestId,
    status: 'completed',
    progress: 100,
    timedOut: false,
  });
  // progress notifications rise (the SDK's client may drop the last one, which races the result)
  const values = progress.map((update) => update.progress);
  expect(values.length).toBeGreaterThanOrEqual(2);
  expect(values).toEqual([...values].sort((a, b) => a - b));
  expect(new Set(values).size).toBe(values.length);
  expect(progress.every((update) => update.total === 100 && update.progress <= 100)).toBe(true);

  const shorts = await call(client, 'get_shorts', { requestId });
  expect(shorts.isError, text(shorts)).toBeFalsy();
  const list = shorts.structuredContent?.shorts as {
    id: string;
    video_url: string;
    duration: number;
    title: string;
  }[];
  expect(list).toHaveLength(1);
  expect(list[0].duration).toBeGreaterThan(8);
  expect(text(shorts)).toContain(list[0].video_url);
  const video = await fetch(list[0].video_url);
  expect(video.status).toBe(200);
  const bytes = Buffer.from(await video.arrayBuffer());
  expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

  const rerendering = await call(client, 'rerender_short', {
    requestId,
    shortId: list[0].id,
    trimPauses: true,
  });
  expect(rerendering.isError, text(rerendering)).toBeFalsy();
  expect(rerendering.structuredContent).toMatchObject({ id: list[0].id, recompiling: true });
  expect(text(rerendering)).toContain('rendered again');
  const refused = await call(client, 'rerender_short', { requestId, shortId: list[0].id, start: 99999 });
  expect(refused.structuredContent?.error).toMatchObject({ code: 'invalid_request' });

  const listed = await call(client, 'list_requests', { status: 'completed', limit: 100 });
  expect((listed.structuredContent?.requests as { requestId: string }[]).map((r) => r.requestId)).toContain(
    requestId,
  );

  const deleted = await call(client, 'delete_request', { requestId });
  expect(deleted.structuredContent).toEqual({ message: 'Request successfully deleted' });
  const gone = await call(client, 'get_status', { requestId });
  expect(gone.isError).toBe(true);
  expect(gone.structuredContent?.error).toMatchObject({ code: 'resource_not_found' });
  expect((await fetch(list[0].video_url)).status).toBe(404);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-mcp-'));
  dataDir = path.join(dir, 'data');
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  media = http.createServer((request, response) => sendFileFrom(dir, request, response));
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  service = await startService(['serve', '--port', '0', '--data-dir', dataDir], env, ['--data-dir', dataDir]);
  ({ key } = await service.newAccount('agent@example.com', ['--credits', '10', '--tier', 'business']));
});

afterAll(async () => {
  for (const client of open) await client.close().catch(() => undefined);
  await service?.stop();
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('clipforge mcp (stdio)', () => {
  it('lists every tool, uploads a local file and runs it through create, wait, get_shorts and delete', async () => {
    const client = await connectStdio(key);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.sort()).toEqual([...REFERENCE_TOOLS, ...EXTRA_TOOLS, 'upload_file'].sort());

    const uploaded = await call(client, 'upload_file', { path: path.join(dir, 'talk.mp4') });
    expect(uploaded.isError, text(uploaded)).toBeFalsy();
    const fileUrl = uploaded.structuredContent?.fileUrl as string;
    expect(fileUrl).toMatch(/\/api\/v1\/uploads\//);
    await fullRun(client, { fileUrl });
  });

  it('answers a bad requestId and a missing file as tool errors with the API’s code', async () => {
    const client = await connectStdio(key);
    const bad = await call(client, 'get_status', { requestId: 'not-an-id' });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent?.error).toMatchObject({
      code: 'invalid_request',
      message: 'Invalid request ID format',
    });
    expect(text(bad)).toMatch(/^invalid_request: Invalid request ID format/);
    const traversal = await call(client, 'get_shorts', { requestId: '../account' });
    expect(traversal.structuredContent?.error).toMatchObject({ code: 'invalid_request' });
    const missing = await call(client, 'upload_file', { path: path.join(dir, 'nowhere.mp4') });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/No such file/);
  });

  it('without CLIPFORGE_API_KEY still starts, and every call says missing_api_key', async () => {
    const client = await connectStdio(undefined);
    expect((await client.listTools()).tools.length).toBe(REFERENCE_TOOLS.length + EXTRA_TOOLS.length + 1);
    const result = await call(client, 'list_requests');
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.error).toMatchObject({ code: 'missing_api_key' });
  });
});

describe('/mcp on serve (streamable HTTP)', () => {
  it('lists the tools (no upload_file) and runs a fileUrl through create, wait, get_shorts and delete', async () => {
    const client = await connectHttp({ 'x-api-key': key });
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names.sort()).toEqual([...REFERENCE_TOOLS, ...EXTRA_TOOLS].sort());
    await fullRun(client, { fileUrl: `${mediaUrl}/talk.mp4` });
  });

  it('wait_for_completion gives up after timeoutSeconds with the latest status; cancel_request stops the job', async () => {
    const client = await connectHttp({ 'x-api-key': key });
    const created = await call(client, 'create_short', {
      fileUrl: `${mediaUrl}/talk.mp4`,
      start: 0,
      end: 40,
    });
    const requestId = created.structuredContent?.requestId as string;
    // its deadline is proven in src/mcp/server.test.ts against an API that never answers; here, the real answer
    const waited = await call(client, 'wait_for_completion', { requestId, timeoutSeconds: 1 });
    expect(waited.isError, text(waited)).toBeFalsy();
    expect(waited.structuredContent, text(waited)).toMatchObject({ _id: requestId, timedOut: true });
    expect(['queued', 'processing']).toContain(waited.structuredContent?.status);
    expect(text(waited)).toMatch(/call wait_for_completion again/);

    const cancelled = await call(client, 'cancel_request', { requestId });
    expect(cancelled.structuredContent).toMatchObject({ _id: requestId, status: 'cancelled' });
    const again = await call(client, 'cancel_request', { requestId });
    expect(again.structuredContent?.error).toMatchObject({ code: 'conflict' });
    const final = await call(client, 'wait_for_completion', { requestId, timeoutSeconds: 5 });
    expect(final.structuredContent).toMatchObject({ status: 'cancelled', timedOut: false });
    await call(client, 'delete_request', { requestId });
  });

  it('lists the catalogues with names create_short accepts', async () => {
    const client = await connectHttp({ authorization: `Bearer ${key}` });
    const music = await call(client, 'list_music', { limit: 2 });
    const tracks = music.structuredContent?.music as { name: string }[];
    expect(tracks).toHaveLength(2);
    expect(music.structuredContent?.pagination).toMatchObject({ page: 1, limit: 2 });
    expect(text(music)).toContain(`"${tracks[0].name}"`);
    const hooks = await call(client, 'list_meme_hooks');
    const names = (hooks.structuredContent?.memeHooks as { name: string }[]).map((hook) => hook.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(text(hooks)).toContain(`"${name}"`);
    const games = await call(client, 'list_game_videos', { page: 1, limit: 1 });
    expect(games.structuredContent?.gameVideos).toHaveLength(1);
  });

  it('passes the API’s own validation errors through: bad requestId, neither url nor fileUrl, unknown track', async () => {
    const client = await connectHttp({ 'x-api-key': key });
    const bad = await call(client, 'get_shorts', { requestId: '123' });
    expect(bad.structuredContent?.error).toMatchObject({
      code: 'invalid_request',
      message: 'Invalid request ID format',
    });
    const noSource = await call(client, 'create_short', { start: 0, end: 30 });
    expect(noSource.isError).toBe(true);
    expect(noSource.structuredContent?.error).toMatchObject({ code: 'invalid_request' });
    expect(text(noSource)).toMatch(/exactly one of url or fileUrl/);
    const unknownTrack = await call(client, 'create_short', {
      fileUrl: `${mediaUrl}/talk.mp4`,
      start: 0,
      end: 30,
      music: true,
      musicName: 'No Such Track',
    });
    expect(unknownTrack.structuredContent?.error).toMatchObject({ code: 'invalid_request' });
  });

  it('refuses a missing or wrong key with the API’s 401, and a session used with another key', async () => {
    await expect(connectHttp({})).rejects.toMatchObject({ code: 401, message: /missing_api_key/ });
    await expect(connectHttp({ 'x-api-key': 'sk_ssemble_wrong' })).rejects.toMatchObject({
      code: 401,
      message: /invalid_api_key/,
    });

    const client = await connectHttp({ 'x-api-key': key });
    const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId;
    expect(sessionId).toBeTruthy();
    const { key: otherKey } = await service.newAccount('other@example.com', ['--credits', '1']);
    const stolen = await fetch(`${service.server.url}/mcp`, {
      method: 'POST',
      headers: {
        'x-api-key': otherKey,
        'mcp-session-id': sessionId ?? '',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(stolen.status).toBe(404);
  });
});
