import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openServiceContext, type ServiceContext } from '../service/context.ts';
import { createApp } from './app.ts';

// Every URL a create request carries meets one rule at the schema: a malformed one is a 400 naming its field,
// never an exception further on (a 500) nor a refusal dressed as an unreachable source.

const PUBLIC_URL = 'http://127.0.0.1:8080';
let dir: string;
let ctx: ServiceContext;
let app: FastifyInstance;
let key: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-url-fields-'));
  ctx = await openServiceContext(loadConfig({ dataDir: path.join(dir, 'data'), publicUrl: PUBLIC_URL }, {}));
  await ctx.accounts.create({ email: 'urls@example.com', credits: 5 });
  key = (await ctx.accounts.createKey('urls@example.com'))!.key;
  app = await createApp({ ctx });
}, 180_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const MALFORMED = [
  'http://:80/',
  'https://',
  'http://[::1/hook',
  'http://%zz/hook',
  'http://example.com:99999/',
  'http://exa mple.com/',
  'http:// example.com/',
  'ftp://example.com/v.mp4',
  'example.com/v.mp4',
  '',
];

describe('malformed URLs in a create request', () => {
  const fields = {
    webhookUrl: (value: string) => ({ fileUrl: 'http://10.255.255.1/v.mp4', webhookUrl: value }),
    fileUrl: (value: string) => ({ fileUrl: value }),
    url: (value: string) => ({ url: value }),
  };
  for (const [field, bodyWith] of Object.entries(fields)) {
    it(`${field}: 400 invalid_request naming ${field}`, async () => {
      for (const value of MALFORMED) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/shorts/create',
          headers: { 'x-api-key': key, 'content-type': 'application/json' },
          payload: { start: 0, end: 30, ...bodyWith(value) },
        });
        const body = response.json();
        expect(response.statusCode, `${field}=${JSON.stringify(value)}: ${response.body}`).toBe(400);
        expect(body.error.code, `${field}=${JSON.stringify(value)}`).toBe('invalid_request');
        expect(body.error.details.fields, `${field}=${JSON.stringify(value)}`).toHaveProperty([field]);
      }
    });
  }

  it('fileUrl that starts like this server’s upload URLs but has no valid port: 400 naming fileUrl', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/shorts/create',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload: {
        start: 0,
        end: 30,
        fileUrl: `${PUBLIC_URL}99/api/v1/uploads/0123456789abcdef01234567/v.mp4`,
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.details.fields).toHaveProperty(['fileUrl']);
  });

  it('well-formed URLs pass the schema: the network policy answers, naming the field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/shorts/create',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      payload: {
        start: 0,
        end: 30,
        fileUrl: 'http://10.255.255.1/v.mp4',
        webhookUrl: 'https://example.com/h',
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'url_validation_failed',
      details: { field: 'fileUrl' },
    });
  });
});
