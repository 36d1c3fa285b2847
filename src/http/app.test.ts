import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { CatalogueFiles } from '../service/catalogue-files.ts';
import type { ServiceContext } from '../service/context.ts';
import { RunningJobs } from '../service/running-jobs.ts';
import { LocalStorage } from '../storage/local.ts';
import { MemoryCounterStore } from '../store/counters.ts';
import { createApp } from './app.ts';

// The error paths no client can provoke on purpose: an unexpected failure inside the service.

function brokenContext(): ServiceContext {
  const config = loadConfig({}, {});
  const failing = async () => {
    throw new Error('database connection lost');
  };
  return {
    config,
    tools: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' },
    db: { kind: 'pglite', query: failing, exec: failing, transaction: failing, close: async () => undefined },
    accounts: { authenticate: failing } as unknown as ServiceContext['accounts'],
    requests: {} as ServiceContext['requests'],
    shortRenders: {} as ServiceContext['shortRenders'],
    webhooks: {} as ServiceContext['webhooks'],
    jobs: new RunningJobs(),
    changes: new EventEmitter(),
    storage: new LocalStorage('/nonexistent'),
    localStorage: new LocalStorage('/nonexistent'),
    filesDir: '/nonexistent',
    workDir: '/nonexistent',
    uploadsDir: '/nonexistent',
    signingKey: 'k',
    counters: new MemoryCounterStore(),
    catalogue: new CatalogueFiles(config, { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, '/nonexistent'),
    close: async () => undefined,
  };
}

describe('createApp', () => {
  it('answers an unexpected failure with 500 internal_error and a correlation id', async () => {
    const app = await createApp({ ctx: brokenContext() });
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/shorts',
      headers: { 'x-api-key': 'sk_ssemble_x' },
    });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body).toEqual({
      error: {
        code: 'internal_error',
        message: expect.stringMatching(/^Internal error \(correlation id [0-9a-f-]{36}\)$/),
        details: null,
      },
    });
    expect(body.error.message).not.toContain('database');
    await app.close();
  });

  it('asks for a key before revealing whether a route exists, and reports an unhealthy database', async () => {
    const app = await createApp({ ctx: brokenContext() });
    const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('missing_api_key');
    const health = await app.inject({ method: 'GET', url: '/api/v1/healthz' });
    expect(health.statusCode).toBe(503);
    await app.close();
  });
});
