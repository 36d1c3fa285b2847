import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBuilt } from '../src/http/dashboard.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startService, type Service } from './helpers/service.ts';
import { waitFor as waitForValue } from './helpers/wait.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// The short editor of the dashboard in Debian's chromium against a real `clipforge serve`: move a short's start
// to an earlier sentence, switch its template, render, and play the new file when it replaces the old.

const CHROMIUM = '/usr/bin/chromium';
let dir: string;
let service: Service;
let browser: Browser;
let media: http.Server;
let mediaUrl: string;
let key: string;
let videoPath: string;

const waitFor = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = JOB_DEADLINE_MS) =>
  waitForValue(what, check, {
    timeoutMs,
    intervalMs: 500,
    context: () => service.server.output().slice(-3000),
  });

interface Short {
  id: string;
  startTimestamp: number;
  sha256: string;
  video_url: string;
  recompiling: boolean;
}
const firstShort = async (id: string) =>
  (await service.api('GET', `/shorts/${id}`)).body.data.shorts[0] as Short;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (bash scripts/quickstart.sh does)`);
  if (!dashboardBuilt()) throw new Error('The dashboard is not built: run npm run build:web first');
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-editor-'));
  videoPath = (await cachedSample(SHARED_SAMPLES.small40)).videoPath;
  media = http.createServer(async (_request, response) => {
    const { createReadStream } = await import('node:fs');
    createReadStream(videoPath).pipe(response);
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  const dataArgs = ['--data-dir', path.join(dir, 'data')];
  service = await startService(
    ['serve', '--port', '0', ...dataArgs],
    {
      CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
      CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
      CLIPFORGE_RATE_LIMIT_SCALE: '1000',
    },
    dataArgs,
  );
  ({ key } = await service.newAccount('editor@example.com', ['--credits', '5', '--tier', 'business']));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  });
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  media?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the short editor', () => {
  it(
    'moves the start to an earlier sentence, switches the template, renders and plays the new file',
    async () => {
      const created = await service.api('POST', '/shorts/create', {
        body: { fileUrl: `${mediaUrl}/talk.mp4`, start: 0, end: 30, noClipping: true, layout: 'fill' },
      });
      expect(created.status).toBe(201);
      const id = created.body.data.requestId as string;
      await waitFor('completion', async () =>
        (await service.api('GET', `/shorts/${id}/status`)).body.data.status === 'completed'
          ? true
          : undefined,
      );
      // the short starts later first, so the window has an earlier sentence to move its start to
      const whole = await firstShort(id);
      const later = await service.api('POST', `/shorts/${id}/shorts/${whole.id}/render`, {
        body: { start: whole.startTimestamp + 6 },
      });
      expect(later.status).toBe(202);
      const shortened = await waitFor('the first re-render', async () => {
        const short = await firstShort(id);
        return short.recompiling ? undefined : short;
      });
      expect(shortened.startTimestamp).toBeGreaterThan(whole.startTimestamp);

      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(service.server.url);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'New clip' }).waitFor();
      await page.goto(`${service.server.url}/#/requests/${id}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      const transcript = page.getByRole('list', { name: 'Transcript of the window' });
      await transcript.waitFor();
      // the short's own sentences are marked; the first sentence of the window is before them
      expect(await transcript.locator('li').first().getAttribute('class')).toBeNull();
      expect(await transcript.locator('li.in-short').count()).toBeGreaterThan(0);
      await transcript.locator('li').first().getByRole('button', { name: 'Start here' }).click();
      const template = page.getByLabel('Template');
      const other = await template.locator('option').nth(2).getAttribute('value');
      await template.selectOption(other!);
      await page.getByRole('button', { name: 'Render' }).click();

      await page.getByRole('status').filter({ hasText: 'Rendering again' }).waitFor();
      await page
        .getByRole('status')
        .filter({ hasText: 'Rendering again' })
        .waitFor({ state: 'detached', timeout: JOB_DEADLINE_MS });
      const after = await firstShort(id);
      expect(after.startTimestamp).toBeLessThan(shortened.startTimestamp);
      expect(after.sha256).not.toBe(shortened.sha256);
      const video = page.locator('.short video');
      expect(new URL((await video.getAttribute('src'))!).pathname).toBe(new URL(after.video_url).pathname);
      await page.evaluate(
        "(() => { const v = document.querySelector('.short video'); v.muted = true; return v.play().then(() => true); })()",
      );
      await waitFor(
        'the new file to play',
        async () =>
          ((await page.evaluate("document.querySelector('.short video').currentTime")) as number) > 0.5
            ? true
            : undefined,
        120_000,
      );
      expect(consoleErrors).toEqual([]);
      await page.close();
    },
    2 * JOB_DEADLINE_MS,
  ); // two jobs: the request, then its re-render
});
