import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, MISSING_DASHBOARD_PAGE, registerDashboard } from '../src/http/dashboard.ts';
import { fieldErrors } from '../web/src/field-errors.ts';
import { formatSeconds, secondsLeft } from '../web/src/progress.ts';
import { SseParser } from '../web/src/sse.ts';

// The dashboard's pure parts (its event-stream parser, time left, error placement) and its static file routes.

describe('SseParser', () => {
  it('parses events split anywhere across chunks, skipping comments and the retry field', () => {
    const parser = new SseParser();
    const text =
      'retry: 2000\n\n: keep-alive\n\nid: 1\nevent: status\ndata: {"a":1}\n\nevent: deleted\ndata: {}\n\n';
    const events = [...text].flatMap((character) => parser.push(character));
    expect(events).toEqual([
      { event: 'status', data: '{"a":1}', id: '1' },
      { event: 'deleted', data: '{}' },
    ]);
  });

  it('joins multi-line data, reads CRLF, and holds an unfinished event', () => {
    const parser = new SseParser();
    expect(parser.push('data: one\r\ndata: two\r\n\r\ndata: three')).toEqual([
      { event: 'message', data: 'one\ntwo' },
    ]);
    expect(parser.push('\n\n')).toEqual([{ event: 'message', data: 'three' }]);
  });
});

describe('secondsLeft', () => {
  it('extrapolates the rate seen so far', () => {
    expect(secondsLeft({ at: 0, progress: 20 }, { at: 10_000, progress: 40 })).toBe(30);
  });

  it('says nothing before progress moves or once it is done', () => {
    expect(secondsLeft({ at: 0, progress: 20 }, { at: 5000, progress: 20 })).toBeUndefined();
    expect(secondsLeft({ at: 0, progress: 20 }, { at: 5000, progress: 100 })).toBeUndefined();
  });

  it('formats minutes and seconds', () => {
    expect(formatSeconds(42)).toBe('42 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
});

describe('fieldErrors', () => {
  it('puts each named field’s reason beside it', () => {
    const error = {
      code: 'invalid_request',
      message: 'end: must be greater than start; musicVolume: must be a number from 0 to 100',
      details: {
        fields: { end: 'must be greater than start', musicVolume: 'must be a number from 0 to 100' },
      },
    };
    expect(fieldErrors(error, 'url')).toEqual({
      end: 'end: must be greater than start',
      musicVolume: 'musicVolume: must be a number from 0 to 100',
    });
  });

  it('puts source refusals beside the source field and key refusals beside the key', () => {
    const refusal = { code: 'url_validation_failed', message: 'unreachable', details: null };
    expect(fieldErrors(refusal, 'fileUrl')).toEqual({ fileUrl: 'unreachable' });
    expect(fieldErrors({ code: 'invalid_api_key', message: 'bad key', details: null }, 'url')).toEqual({
      key: 'bad key',
    });
  });

  it('keeps what names no field for the form', () => {
    const error = { code: 'insufficient_credits', message: 'No credits left', details: null };
    expect(fieldErrors(error, 'url')).toEqual({ form: 'No credits left' });
  });
});

describe('the dashboard routes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-web-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const app = async (root: string) => {
    const server = Fastify();
    registerDashboard(server, { dir: root, downloadOrigin: () => 'https://files.example.com' });
    await server.ready();
    return server;
  };

  it('answers a plain page saying how to build when the built files are missing', async () => {
    const server = await app(path.join(dir, 'nothing'));
    const response = await server.inject('/');
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe(MISSING_DASHBOARD_PAGE);
    expect(response.body).toContain('npm run build:web');
  });

  it('serves the page with its policy, its hashed assets, and nothing outside the build', async () => {
    const root = path.join(dir, 'dist');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(path.join(root, 'assets', 'index-abc.js'), 'export {}');
    await writeFile(path.join(dir, 'secret.txt'), 'no');
    const server = await app(root);
    const page = await server.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy('https://files.example.com'));
    const script = await server.inject('/assets/index-abc.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect((await server.inject('/assets/..%2F..%2Fsecret.txt')).statusCode).toBe(404);
    expect((await server.inject('/assets/missing.js')).statusCode).toBe(404);
  });

  it('allows media and images from the download origin only, and no inline or eval script', () => {
    const policy = contentSecurityPolicy('https://files.example.com');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("media-src 'self' https://files.example.com blob:");
    expect(policy).toContain("img-src 'self' https://files.example.com;");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});
