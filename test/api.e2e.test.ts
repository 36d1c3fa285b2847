import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_DEADLINE_MS, waitFor as waitForValue } from './helpers/wait.ts';
import { copyMedia, makeTestVideo, notAVideo, sendFileFrom } from './helpers/media.ts';
import { signedWith, type ReceivedWebhook } from './helpers/media-server.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startService, type Service } from './helpers/service.ts';

// The real `clipforge serve` on loopback, driven over HTTP as a client of the reference API would.

let dir: string;
let dataDir: string;
let service: Service;
let media: http.Server;
let mediaUrl: string;
let key: string;
let poorKey: string;
let demoKey: string;
let disabledKey: string;
let webhookSecret: string;
const env = () => ({
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_X264_PRESET: 'ultrafast',
  CLIPFORGE_WEBHOOK_DELAY_SCALE: '0.05',
});

const webhookCalls: ReceivedWebhook[] = [];
let webhookFailuresLeft = 0;
let webhookDown = false;

const admin = (...args: string[]) => service.admin(...args);
const api: Service['api'] = (method, route, options) => service.api(method, route, options);

async function newKey(email: string, flags: string[] = []): Promise<string> {
  const account = await service.newAccount(email, flags);
  if (email === 'main@example.com') webhookSecret = account.webhookSecret;
  return account.key;
}

const waitFor = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = JOB_DEADLINE_MS) =>
  waitForValue(what, check, {
    timeoutMs,
    intervalMs: 300,
    context: () => service.server.output().slice(-3000),
  });

/** Catalogue files are made in the background after start; each URL answers once its file is in place. */
const made = (url: string, init?: RequestInit) =>
  waitFor(`${url} to be made`, async () => {
    const file = await fetch(url, init);
    return file.status === 404 && file.headers.get('retry-after') ? undefined : file;
  });

const terminal = (id: string, apiKey = key) =>
  waitFor(`request ${id} to finish`, async () => {
    const { body } = await api('GET', `/shorts/${id}/status`, { key: apiKey });
    return ['completed', 'failed', 'cancelled'].includes(body.data.status) ? body.data : undefined;
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-api-'));
  dataDir = path.join(dir, 'data');
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  await makeTestVideo(path.join(dir, 'silent.mp4'), { seconds: 20, audio: false });
  await copyMedia(notAVideo(), path.join(dir, 'notes.mp4'));
  media = http.createServer(async (request, response) => {
    if (request.url === '/webhook') {
      let body = '';
      for await (const chunk of request) body += chunk;
      webhookCalls.push({ headers: request.headers, body });
      const fail = webhookDown || webhookFailuresLeft > 0;
      if (webhookFailuresLeft > 0) webhookFailuresLeft--;
      response.statusCode = fail ? 503 : 200;
      response.end();
      return;
    }
    if (request.url === '/to-private') {
      response.writeHead(302, { location: 'http://10.0.0.8/video.mp4' });
      response.end();
      return;
    }
    sendFileFrom(dir, request, response);
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  service = await startService(['serve', '--port', '0', '--data-dir', dataDir], env(), [
    '--data-dir',
    dataDir,
  ]);
  key = await newKey('main@example.com', ['--credits', '10', '--tier', 'business']);
  poorKey = await newKey('poor@example.com', ['--credits', '0']);
  demoKey = await newKey('demo@example.com', ['--demo']);
  disabledKey = await newKey('off@example.com', ['--credits', '3']);
  await admin('accounts', 'disable', '--email', 'off@example.com');
});

afterAll(async () => {
  await service?.stop();
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const create = (body: Record<string, unknown>, apiKey = key, headers: Record<string, string> = {}) =>
  api('POST', '/shorts/create', {
    key: apiKey,
    body: { start: 0, end: 40, preferredLength: 'under30sec', ...body },
    headers,
  });

describe('errors, each with its exact envelope', () => {
  const envelope = (body: { error: unknown }, code: string) => {
    const error = body.error as { code: string; message: unknown; details: unknown };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    expect(error.details === null || typeof error.details === 'object').toBe(true);
  };

  it('401 missing_api_key and invalid_api_key', async () => {
    const missing = await api('GET', '/shorts', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('missing_api_key');
    const invalid = await api('GET', '/shorts', { key: 'sk_ssemble_nope' });
    expect(invalid.status).toBe(401);
    envelope(invalid.body, 'invalid_api_key');
    const bearer = await fetch(`${service.server.url}/api/v1/account`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bearer.status).toBe(200);
  });

  it('400 invalid_request naming the field', async () => {
    const badId = await api('GET', '/shorts/not-an-id/status');
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ code: 'invalid_request', message: 'Invalid request ID format' });
    const cases: [Record<string, unknown>, string][] = [
      [{ start: undefined }, 'start'],
      [{ start: 30, end: 10 }, 'end'],
      [{ start: 0, end: 1500 }, 'end'],
      [{ url: 'https://youtu.be/dQw4w9WgXcQ', fileUrl: `${mediaUrl}/talk.mp4` }, 'url'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, ctaEnabled: true }, 'ctaText'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, templateId: 'karaoke' }, 'templateId'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, templateId: '0123456789abcdef01234567' }, 'templateId'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, layout: 'wide' }, 'layout'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, musicVolume: 140 }, 'musicVolume'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, captionLanguage: 'fr' }, 'captionLanguage'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, music: true, musicName: 'calm pads' }, 'musicName'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, gameVideo: true, gameVideoName: 'Tetris' }, 'gameVideoName'],
      [{ fileUrl: `${mediaUrl}/talk.mp4`, memeHook: true, memeHookName: 'nope' }, 'memeHookName'],
    ];
    for (const [body, field] of cases) {
      const response = await create(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      envelope(response.body, 'invalid_request');
      expect(response.body.error.message).toContain(field);
    }
    const malformed = await api('POST', '/shorts/create', { body: '{"start": 0,' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');
    const list = await api('GET', '/shorts?limit=500');
    expect(list.status).toBe(400);
    expect(list.body.error.message).toContain('limit');
  });

  it('400 invalid_youtube_url for non-video and Shorts URLs', async () => {
    for (const url of ['https://vimeo.com/12345', 'https://www.youtube.com/shorts/dQw4w9WgXcQ']) {
      const response = await create({ url });
      expect(response.status).toBe(400);
      envelope(response.body, 'invalid_youtube_url');
    }
  });

  it('400 url_validation_failed for unreachable or refused sources', async () => {
    const targets = [
      `${mediaUrl}/missing.mp4`,
      `${mediaUrl}/notes.mp4`,
      'http://10.1.2.3/video.mp4',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:9/video.mp4',
      `${mediaUrl}/to-private`,
    ];
    for (const fileUrl of targets) {
      const response = await create({ fileUrl });
      expect(response.status, fileUrl).toBe(400);
      envelope(response.body, 'url_validation_failed');
    }
    const hook = await create({ fileUrl: `${mediaUrl}/talk.mp4`, webhookUrl: 'http://10.0.0.1/hook' });
    expect(hook.status).toBe(400);
    expect(hook.body.error.code).toBe('url_validation_failed');
  });

  it('403 insufficient_credits and subscription_required', async () => {
    const poor = await create({ fileUrl: `${mediaUrl}/talk.mp4` }, poorKey);
    expect(poor.status).toBe(403);
    envelope(poor.body, 'insufficient_credits');
    const off = await create({ fileUrl: `${mediaUrl}/talk.mp4` }, disabledKey);
    expect(off.status).toBe(403);
    envelope(off.body, 'subscription_required');
  });

  it('404 resource_not_found, also for another account’s request', async () => {
    const response = await api('GET', '/shorts/0123456789abcdef01234567');
    expect(response.status).toBe(404);
    envelope(response.body, 'resource_not_found');
  });

  it('413 payload_too_large', async () => {
    const response = await api('POST', '/shorts/create', {
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    envelope(response.body, 'payload_too_large');
  });

  it('429 rate_limit_exceeded past the account’s hourly cap, with Retry-After', async () => {
    let last;
    for (let i = 0; i < 101; i++) last = await api('GET', '/templates', { key: poorKey });
    expect(last!.status).toBe(429);
    envelope(last!.body, 'rate_limit_exceeded');
    expect(last!.body.error.details.retryAfter).toBeGreaterThan(0);
    expect(Number(last!.headers.get('retry-after'))).toBe(last!.body.error.details.retryAfter);
    expect(last!.headers.get('x-ratelimit-remaining-hour')).toBe('0');
  });

  it('sends the rate-limit headers on every response', async () => {
    const response = await api('GET', '/templates');
    for (const header of [
      'x-ratelimit-limit-hour',
      'x-ratelimit-remaining-hour',
      'x-ratelimit-limit-day',
      'x-ratelimit-remaining-day',
      'x-ratelimit-reset',
      'ratelimit-policy',
      'ratelimit',
    ]) {
      expect(response.headers.get(header), header).toBeTruthy();
    }
    expect(response.body.data.templates).toHaveLength(9);
    expect(response.body.data.defaultTemplateId).toBe('660b8531aedb346bbe26eb43');
    const thumbnail = await made(response.body.data.templates[0].thumbnail);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/png');
    const gif = await made(response.body.data.templates[8].gif);
    expect(gif.headers.get('content-type')).toBe('image/gif');
  });
});

describe('asset catalogues', () => {
  it('list the built-ins with durations, previews and playable signed URLs, paginated', async () => {
    const music = await api('GET', '/music');
    expect(music.status).toBe(200);
    expect(music.body.data.music.map((m: { name: string }) => m.name)).toEqual([
      'Bright Arpeggio',
      'Calm Pads',
      'Lo-Fi Pulse',
    ]);
    expect(music.body.data.music[0].duration).toBeGreaterThan(25);
    const track = await made(music.body.data.music[1].url, { headers: { range: 'bytes=0-99' } });
    expect(track.status).toBe(206);
    expect(track.headers.get('content-type')).toBe('audio/mp4');
    const games = await api('GET', '/game-videos?page=2&limit=2');
    expect(games.body.data.pagination).toEqual({ page: 2, limit: 2, totalPages: 2, totalCount: 3 });
    expect(games.body.data.gameVideos).toHaveLength(1);
    const hooks = await api('GET', '/meme-hooks');
    const [hook] = hooks.body.data.memeHooks;
    expect(hook.video_duration).toBeGreaterThanOrEqual(2);
    expect((await made(hook.preview)).headers.get('content-type')).toBe('image/jpeg');
    expect((await made(hook.video)).headers.get('content-type')).toBe('video/mp4');
  });
});

describe('a request from create to download', () => {
  let id: string;
  const events: { step: string; progress: number; status: string }[] = [];

  beforeAll(async () => {
    const response = await create(
      { fileUrl: `${mediaUrl}/talk.mp4`, webhookUrl: `${mediaUrl}/webhook` },
      key,
      { 'Idempotency-Key': 'first-try' },
    );
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ status: 'queued', creditsUsed: 1 });
    id = response.body.data.requestId;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    webhookFailuresLeft = 2;
    const stream = await fetch(response.body.data.eventsUrl, { headers: { 'x-api-key': key } });
    const reader = stream.body!.getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString();
      let split;
      while ((split = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, split);
        buffer = buffer.slice(split + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (data) events.push(JSON.parse(data[1]));
      }
    }
  });

  // how soon the first event comes is `npm run bench:api`'s figure: a busy machine misses any bound here
  it('streams progress over SSE from the state at connect time, monotone, until terminal', () => {
    expect(events.at(-1)!.status).toBe('completed');
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const steps = [...new Set(events.map((e) => e.step))];
    expect(steps[0]).toMatch(/queued|fetching_video/);
    expect(steps).toContain('finalizing');
    expect(steps.at(-1)).toBe('completed');
  });

  it('returns the full request with sentences and shorts, and replays an idempotent create', async () => {
    const { body } = await api('GET', `/shorts/${id}`);
    const data = body.data;
    expect(data).toMatchObject({
      _id: id,
      status: 'completed',
      progress: 100,
      userEmail: 'main@example.com',
      template: 'karaoke',
      captionLanguage: '',
      projectId: null,
    });
    expect(data.sentences.length).toBeGreaterThan(3);
    expect(data.shorts.length).toBeGreaterThanOrEqual(1);
    const short = data.shorts[0];
    expect(short).toMatchObject({
      width: 1080,
      height: 1920,
      recompiling: false,
      error: false,
      errorMessage: null,
    });
    expect(short.duration).toBeLessThanOrEqual(30.2);
    const replay = await create({ fileUrl: `${mediaUrl}/talk.mp4`, webhookUrl: `${mediaUrl}/webhook` }, key, {
      'Idempotency-Key': 'first-try',
    });
    expect(replay.status).toBe(201);
    expect(replay.body.data.requestId).toBe(id);
    const clash = await create({ fileUrl: `${mediaUrl}/talk.mp4` }, key, { 'Idempotency-Key': 'first-try' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
  });

  it('serves the short with Range, ETag and the right type', async () => {
    const { body } = await api('GET', `/shorts/${id}`);
    const url = body.data.shorts[0].video_url;
    const part = await fetch(url, { headers: { range: 'bytes=0-1023' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(part.headers.get('content-range')).toMatch(/^bytes 0-1023\/\d+$/);
    expect((await part.arrayBuffer()).byteLength).toBe(1024);
    const size = Number(part.headers.get('content-range')!.split('/')[1]);
    expect(size).toBe(body.data.shorts[0].bytes);
    const beyond = await fetch(url, { headers: { range: `bytes=${size + 10}-` } });
    expect(beyond.status).toBe(416);
    const cached = await fetch(url, { headers: { 'if-none-match': part.headers.get('etag')! } });
    expect(cached.status).toBe(304);
    const forged = await fetch(url.replace(/sig=[0-9a-f]{4}/, 'sig=0000'));
    expect(forged.status).toBe(404);
  });

  it('delivers a signed webhook on the third attempt after two failures', async () => {
    const delivered = await waitFor(
      'webhook delivery',
      async () => (webhookCalls.length >= 3 ? webhookCalls : undefined),
      120_000,
    );
    const last = delivered[2];
    expect(signedWith(webhookSecret, last)).toBe(true);
    const payload = JSON.parse(last.body);
    expect(payload).toMatchObject({ event: 'shorts.completed', requestId: id, status: 'completed' });
    expect(payload.data.shorts[0]).toEqual({
      id: expect.any(String),
      title: expect.any(String),
      video_url: expect.stringContaining('/api/v1/files/'),
      duration: expect.any(Number),
      viral_score: expect.any(Number),
    });
    const { body } = await api('GET', `/shorts/${id}`);
    expect(body.data.webhook.deliveries.map((d: { status: number }) => d.status)).toEqual([503, 503, 200]);
  });

  it('lists with each filter and sort', async () => {
    const all = await api('GET', '/shorts?sortBy=createdAt&sortOrder=asc&limit=1&page=1');
    expect(all.body.data.pagination).toMatchObject({ page: 1, limit: 1 });
    expect(all.body.data.requests[0]).toEqual({
      requestId: expect.any(String),
      status: expect.any(String),
      progress: expect.any(Number),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      url: expect.any(String),
      duration: expect.any(Number),
    });
    const completed = await api('GET', '/shorts?status=completed&sortBy=updatedAt&sortOrder=desc');
    expect(completed.body.data.requests.every((r: { status: string }) => r.status === 'completed')).toBe(
      true,
    );
    expect(completed.body.data.requests.map((r: { requestId: string }) => r.requestId)).toContain(id);
    const failed = await api('GET', '/shorts?status=failed');
    expect(failed.body.data.requests.every((r: { status: string }) => r.status === 'failed')).toBe(true);
    const beyond = await api('GET', '/shorts?page=99');
    expect(beyond.status).toBe(400);
  });

  it('deletes every byte, and a second delete is 404', async () => {
    const first = await api('DELETE', `/shorts/${id}`);
    expect(first.body).toEqual({ data: { message: 'Request successfully deleted' } });
    expect(await readdir(path.join(dataDir, 'files')).catch(() => [])).not.toContain(id);
    const second = await api('DELETE', `/shorts/${id}`);
    expect(second.status).toBe(404);
  });
});

describe('cancel, failure and refunds', () => {
  it('cancels a running request, keeps its record, and refuses a second cancel', async () => {
    const { body } = await create({ fileUrl: `${mediaUrl}/talk.mp4`, preferredLength: 'under60sec' });
    const id = body.data.requestId;
    await waitFor('work to start', async () => {
      const status = (await api('GET', `/shorts/${id}/status`)).body.data;
      return status.status === 'processing' ? status : undefined;
    });
    const cancelled = await api('POST', `/shorts/${id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.data).toMatchObject({
      status: 'cancelled',
      step: 'cancelled',
      stepMessage: 'Request cancelled',
    });
    const again = await api('POST', `/shorts/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    const later = (await api('GET', `/shorts/${id}/status`)).body.data;
    expect(later.status).toBe('cancelled');
    expect(later.failureReason).toBeUndefined();
  });

  it('fails a video without audio with a reason, and refunds the credit', async () => {
    const before = (await api('GET', '/account')).body.data.credits;
    const { body } = await create({ fileUrl: `${mediaUrl}/silent.mp4`, start: 0, end: 20 });
    expect(body.data.creditsUsed).toBe(1);
    const status = await terminal(body.data.requestId);
    expect(status).toMatchObject({ status: 'failed', failureReason: 'The source has no audio track' });
    expect((await api('GET', '/account')).body.data.credits).toBe(before);
  });

  it('accepts an uploaded video as the source', async () => {
    const { readFile } = await import('node:fs/promises');
    const upload = await fetch(`${service.server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'video/mp4', 'x-filename': 'talk.mp4' },
      body: await readFile(path.join(dir, 'talk.mp4')),
    });
    expect(upload.status).toBe(201);
    const { data } = (await upload.json()) as { data: { fileUrl: string; bytes: number } };
    expect(data.fileUrl).toMatch(/\/api\/v1\/uploads\/[0-9a-f]{24}\/talk\.mp4$/);
    const created = await create({ fileUrl: data.fileUrl, start: 0, end: 20 });
    expect(created.status).toBe(201);
    const deleted = await api('DELETE', `/shorts/${created.body.data.requestId}`);
    expect(deleted.status).toBe(200);
  });

  it('renders every overlay together: meme hook first, gameplay split, title, call-to-action and music', async () => {
    const created = await create({
      fileUrl: `${mediaUrl}/talk.mp4`,
      start: 0,
      end: 12,
      noClipping: true,
      hookTitle: true,
      memeHook: true,
      memeHookName: 'No Way',
      gameVideo: true,
      ctaEnabled: true,
      ctaText: 'Follow for more',
      music: true,
      musicVolume: 20,
    });
    expect(created.status).toBe(201);
    const id = created.body.data.requestId;
    expect(await terminal(id)).toMatchObject({ status: 'completed' });
    const [short] = (await api('GET', `/shorts/${id}`)).body.data.shorts;
    expect(short).toMatchObject({ width: 1080, height: 1920 });
    const memeSeconds = 3;
    expect(short.duration).toBeCloseTo(memeSeconds + short.endTimestamp - short.startTimestamp, 0);
  });

  it('charges demo accounts nothing and limits their window', async () => {
    const tooLong = await create({ fileUrl: `${mediaUrl}/talk.mp4`, start: 0, end: 200 }, demoKey);
    expect(tooLong.status).toBe(400);
    const ok = await create({ fileUrl: `${mediaUrl}/talk.mp4`, start: 0, end: 30 }, demoKey);
    expect(ok.status).toBe(201);
    expect(ok.body.data.creditsUsed).toBe(0);
    expect(
      (await api('GET', `/shorts/${ok.body.data.requestId}/status`, { key: demoKey })).body.data.isDemo,
    ).toBe(true);
    await api('DELETE', `/shorts/${ok.body.data.requestId}`, { key: demoKey });
  });
});

describe('operations', () => {
  it('serves health, metrics, the OpenAPI document and its page', async () => {
    expect((await fetch(`${service.server.url}/api/v1/healthz`)).status).toBe(200);
    expect(await (await fetch(`${service.server.url}/api/v1/metrics`)).text()).toContain(
      'clipforge_requests',
    );
    const doc = (await (await fetch(`${service.server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: { CreateRequest: { properties: { preferredLength: { enum: string[] } } } } };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/shorts/create',
        '/shorts/{id}/status',
        '/shorts/{id}',
        '/shorts',
        '/templates',
        '/music',
        '/game-videos',
        '/meme-hooks',
      ]),
    );
    expect(doc.components.schemas.CreateRequest.properties.preferredLength.enum).toContain('under60sec');
    expect(await (await fetch(`${service.server.url}/api/v1/docs`)).text()).toContain('openapi.json');
  });

  it('keeps a pending webhook across a restart', async () => {
    webhookCalls.length = 0;
    webhookDown = true;
    // a cancel queues its webhook at once, so the delivery under test does not wait for a render
    const { body } = await create({ fileUrl: `${mediaUrl}/talk.mp4`, webhookUrl: `${mediaUrl}/webhook` });
    expect((await api('POST', `/shorts/${body.data.requestId}/cancel`)).status).toBe(200);
    await waitFor('a failed attempt', async () => (webhookCalls.length >= 1 ? true : undefined), 120_000);
    expect(await service.stop('SIGTERM')).toBe(0);
    webhookDown = false;
    const failedAttempts = webhookCalls.length;
    await service.start();
    await waitFor(
      'delivery after restart',
      async () => (webhookCalls.length > failedAttempts ? true : undefined),
      120_000,
    );
    const { body: after } = await api('GET', `/shorts/${body.data.requestId}`);
    expect(after.data.webhook.deliveries.at(-1).status).toBe(200);
  });
});
