import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBuilt } from '../src/http/dashboard.ts';
import { probeMedia } from '../src/media/probe.ts';
import { JOB_DEADLINE_MS, waitFor as waitForValue } from './helpers/wait.ts';
import { createScratchDatabase, type ScratchDatabase } from './helpers/postgres.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startService, type Service } from './helpers/service.ts';
import { TEST_TOOLS } from './helpers/tools.ts';

// The dashboard in Debian's chromium (headless, through playwright-core) against a real `clipforge serve`.

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(os.tmpdir(), 'clipforge-dashboard-screenshots');
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let dir: string;
let database: ScratchDatabase;
let service: Service;
let browser: Browser;
let key: string;
let videoPath: string;

const env = () => ({
  DATABASE_URL: database.url,
  CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32',
  CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
  CLIPFORGE_X264_PRESET: 'ultrafast',
  CLIPFORGE_RATE_LIMIT_SCALE: '1000',
});

const api = (method: string, route: string, body?: unknown, apiKey = key) =>
  service.api(method, route, { body, key: apiKey });

const waitFor = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = JOB_DEADLINE_MS) =>
  waitForValue(what, check, {
    timeoutMs,
    intervalMs: 200,
    context: () => service.server.output().slice(-3000),
  });

/** Catalogue files are made in the background after start: the pickers show them once they exist. */
async function catalogueMade(): Promise<void> {
  const urls: string[] = [];
  const templates = await api('GET', '/templates');
  for (const t of templates.body.data.templates) urls.push(t.thumbnail);
  for (const route of ['/game-videos', '/meme-hooks']) {
    const listed = await api('GET', route);
    for (const item of Object.values(listed.body.data)[0] as { preview: string | null }[])
      if (item.preview) urls.push(item.preview);
  }
  for (const url of urls)
    await waitFor(url, async () => ((await fetch(url, { method: 'HEAD' })).ok ? true : undefined));
}

interface Watched {
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
}

async function openPage(): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(service.server.url);
  return { page, consoleErrors, dialogs };
}

async function signIn(page: Page, apiKey = key): Promise<void> {
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Polls an expression from here: the page's policy refuses the string evaluation waitForFunction does in it. */
async function until(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** axe-core in the page (evaluated, as the page's policy refuses injected script tags): serious or critical only. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${axeSource}\n;0`);
  const results = (await page.evaluate('axe.run(document)')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The page at phone and desktop width: screenshots for a person, and the accessibility check at both. */
async function review(page: Page, name: string): Promise<void> {
  for (const [label, width, height] of [
    ['phone', 390, 844],
    ['desktop', 1280, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
    expect(await accessibilityViolations(page), `${name} at ${label} width`).toEqual([]);
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (bash scripts/quickstart.sh does)`);
  if (!dashboardBuilt()) throw new Error('The dashboard is not built: run npm run build:web first');
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-dashboard-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  videoPath = path.join(dir, 'talk.mp4');
  await copyFile(sample.videoPath, videoPath);
  database = await createScratchDatabase('cf_dashboard');
  const dataArgs = ['--data-dir', path.join(dir, 'data')];
  service = await startService(['serve', '--port', '0', ...dataArgs], env(), dataArgs);
  ({ key } = await service.newAccount('creator@example.com', ['--credits', '10', '--tier', 'business']));
  await catalogueMade();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'],
  });
  console.log(`dashboard screenshots: ${SCREENSHOTS}`);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the dashboard', () => {
  it('serves the page with a strict Content-Security-Policy and says so in the log', async () => {
    const response = await fetch(service.server.url);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(await response.text()).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
    expect(service.server.output()).toContain(`Dashboard at ${service.server.url}/`);
  });

  it('signs in, uploads, follows the progress live, plays, downloads and deletes a short', async () => {
    const { page, consoleErrors, dialogs } = await openPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await review(page, 'sign-in');

    const signedInAt = Date.now();
    await signIn(page);
    await page.getByRole('heading', { name: 'New clip' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('clipforge.apiKey')")).toBe(key);
    await page.locator('.pick img').first().waitFor();
    await until(
      page,
      "[...document.querySelectorAll('.pick img')].every((img) => img.complete && img.naturalWidth > 0)",
    );

    await page.getByLabel('Video file (drop it here or choose)').setInputFiles(videoPath);
    const shown = await page.getByText(/duration \d+\.\d s/).textContent();
    const { duration } = await probeMedia(videoPath, TEST_TOOLS);
    expect(Number(/duration (\d+\.\d) s/.exec(shown ?? '')?.[1])).toBeCloseTo(duration, 0);
    await page.getByLabel('End (seconds)').fill('8');
    const templates = (await api('GET', '/templates')).body.data.templates as {
      templateId: string;
      displayName: string;
    }[];
    const chosen = templates.find((t) => !t.displayName.includes('(default)'))!;
    await page.getByLabel(chosen.displayName, { exact: true }).check();
    await page.getByLabel('One short of the whole window (no clipping)').check();
    await review(page, 'new-clip');

    await page.evaluate("window.marker = 'same page'");
    const submittedAt = Date.now();
    await page.getByRole('button', { name: 'Create shorts' }).click();
    await page.waitForURL(/#\/requests\/[0-9a-f]{24}$/);
    const id = page.url().split('/').pop()!;

    const messages = new Set<string>();
    const deadline = Date.now() + JOB_DEADLINE_MS;
    while (Date.now() < deadline) {
      const message = await page
        .locator('.step-message')
        .textContent()
        .catch(() => null);
      if (message) messages.add(message);
      if (message === 'Task complete!' || message === 'Processing failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(messages.has('Task complete!'), [...messages].join(' | ')).toBe(true);
    expect(messages.size).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate('window.marker')).toBe('same page');

    const video = page.locator('.short video').first();
    await video.waitFor();
    await page.evaluate(
      "(v => { v.muted = true; return v.play(); })(document.querySelector('.short video'))",
    );
    await until(
      page,
      "(v => v.readyState >= 2 && v.currentTime > 0.3)(document.querySelector('.short video'))",
    );
    const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
    console.log(
      `sign-in to a playing short: ${seconds(signedInAt)} s (submit to playing: ${seconds(submittedAt)} s)`,
    );
    const first = (await page.evaluate(
      "(v => (v.pause(), { readyState: v.readyState, currentTime: v.currentTime }))(document.querySelector('.short video'))",
    )) as { readyState: number; currentTime: number };
    expect(first.readyState).toBeGreaterThanOrEqual(2);
    expect(first.currentTime).toBeGreaterThan(0.3);

    const detail = (await api('GET', `/shorts/${id}`)).body.data;
    expect(detail.shorts.length).toBeGreaterThan(0);
    const best = [...detail.shorts].sort((a, b) => b.viral_score - a.viral_score)[0];
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download MP4' }).first().click(),
    ]);
    const saved = path.join(dir, 'downloaded.mp4');
    await download.saveAs(saved);
    expect(
      createHash('sha256')
        .update(await readFile(saved))
        .digest('hex'),
    ).toBe(best.sha256);
    await review(page, 'request');

    await page.goto(`${service.server.url}/#/requests`);
    await page.getByRole('link', { name: id.slice(-8) }).waitFor();
    await review(page, 'requests');
    await page.goto(`${service.server.url}/#/account`);
    await page.getByText('creator@example.com').waitFor();
    await review(page, 'account');

    await page.goto(`${service.server.url}/#/requests/${id}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('heading', { name: 'Request deleted' }).waitFor();
    expect((await api('GET', `/shorts/${id}`)).status).toBe(404);
    await page.goto(`${service.server.url}/#/requests`);
    await page.getByText('No requests yet.').waitFor();
    expect(await page.getByRole('link', { name: id.slice(-8) }).count()).toBe(0);

    expect(requests.filter((url) => url.includes(key))).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('shows the API’s message beside the field it names: a bad key, a bad URL, end ≤ start', async () => {
    const { page, consoleErrors } = await openPage();
    const badKey = await api('GET', '/account', undefined, 'sk_ssemble_not-a-key');
    await signIn(page, 'sk_ssemble_not-a-key');
    await expect.poll(() => page.locator('#api-key-error').textContent()).toBe(badKey.body.error.message);
    expect(await page.getByLabel('API key').getAttribute('aria-describedby')).toBe('api-key-error');

    await page.getByLabel('API key').fill('');
    await signIn(page);
    await page.getByRole('heading', { name: 'New clip' }).waitFor();
    await page.getByRole('radio', { name: 'YouTube URL' }).check();
    const badUrl = 'https://vimeo.com/12345';
    await page.getByRole('textbox', { name: 'YouTube URL' }).fill(badUrl);
    await page.getByLabel('End (seconds)').fill('10');
    await page.getByRole('button', { name: 'Create shorts' }).click();
    const urlRefusal = await api('POST', '/shorts/create', { url: badUrl, start: 0, end: 10 });
    expect(urlRefusal.status).toBe(400);
    await expect.poll(() => page.locator('#url-error').textContent()).toBe(urlRefusal.body.error.message);

    const video = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
    await page.getByRole('textbox', { name: 'YouTube URL' }).fill(video);
    await page.getByLabel('Start (seconds)').fill('10');
    await page.getByLabel('End (seconds)').fill('5');
    await page.getByRole('button', { name: 'Create shorts' }).click();
    const windowRefusal = await api('POST', '/shorts/create', { url: video, start: 10, end: 5 });
    expect(windowRefusal.body.error.details.fields).toEqual({ end: expect.any(String) });
    await expect
      .poll(() => page.locator('#end-error').textContent())
      .toBe(`end: ${windowRefusal.body.error.details.fields.end}`);
    expect(windowRefusal.body.error.message).toContain(`end: ${windowRefusal.body.error.details.fields.end}`);
    expect(await page.locator('#url-error').count()).toBe(0);
    for (const extra of ['Background music', 'Game video beside the speaker', 'Meme hook at the start'])
      await page.getByLabel(extra).check();
    await page
      .getByRole('button', { name: /^Play / })
      .first()
      .waitFor();
    await until(
      page,
      "[...document.querySelectorAll('.pick img')].every((img) => img.complete && img.naturalWidth > 0)",
    );
    await review(page, 'new-clip-errors-and-pickers');

    // the browser reports each refused API call; nothing else may reach the console
    expect(consoleErrors.filter((text) => !/status of (400|401) /.test(text))).toEqual([]);
    await page.close();
  });

  it('keeps every control where it first appeared while the catalogues load', async () => {
    // the catalogues answer late, as on a fresh install whose server is busy making previews
    const { page, consoleErrors } = await openPage();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route(/\/api\/v1\/(templates|music|game-videos|meme-hooks)/, async (route) => {
      await answered;
      await route.continue();
    });
    await signIn(page);
    await page.getByRole('heading', { name: 'New clip' }).waitFor();
    const controls = [
      page.getByLabel('Background music'),
      page.getByLabel('Hook title at the start'),
      page.getByRole('button', { name: 'Create shorts' }),
    ];
    const firstSeen = await Promise.all(
      controls.map(async (control) => ((await control.count()) > 0 ? control.boundingBox() : null)),
    );
    const loadingSaid = await page.getByRole('status').filter({ hasText: 'Loading' }).count();
    answer();
    await until(page, "document.querySelectorAll('.picker .pick').length > 0");
    for (const [i, control] of controls.entries())
      if (firstSeen[i]) expect(await control.boundingBox(), String(control)).toEqual(firstSeen[i]);
    expect(loadingSaid).toBe(1);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('shows a title holding markup as those characters', async () => {
    const { body } = await api('POST', '/shorts/create', {
      fileUrl: (await upload()).fileUrl,
      start: 0,
      end: 6,
      noClipping: true,
    });
    const id = body.data.requestId as string;
    await waitFor('the request to finish', async () => {
      const status = (await api('GET', `/shorts/${id}/status`)).body.data.status;
      return ['completed', 'failed'].includes(status) ? status : undefined;
    });
    // a title is the recogniser's words; the store is written here to hold what a transcript could say
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `UPDATE requests SET result = jsonb_set(jsonb_set(result, '{title}', to_jsonb($2::text)),
         '{shorts,0,title}', to_jsonb($2::text)) WHERE id = $1`,
      [id, XSS_TITLE],
    );
    await client.end();
    expect((await api('GET', `/shorts/${id}`)).body.data.shorts[0].title).toBe(XSS_TITLE);

    const { page, consoleErrors, dialogs } = await openPage();
    await signIn(page);
    await page.getByRole('heading', { name: 'New clip' }).waitFor();
    await page.goto(`${service.server.url}/#/requests/${id}`);
    await page.locator('.short h3').waitFor();
    expect(await page.locator('.short h3').textContent()).toBe(`1. ${XSS_TITLE}`);
    expect(await page.locator('h1').textContent()).toBe(XSS_TITLE);
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('the dashboard on a fresh install', () => {
  it('shows every catalogue item at once, a placeholder until its preview is made, and nothing broken', async () => {
    // its own data dir and assets dir, both empty: the previews and built-ins are made after the page loads
    const fresh = path.join(dir, 'fresh');
    const dataArgs = ['--data-dir', path.join(fresh, 'data')];
    const freshService = await startService(
      ['serve', '--no-workers', '--port', '0', ...dataArgs],
      { CLIPFORGE_ASSETS_DIR: path.join(fresh, 'assets'), CLIPFORGE_RATE_LIMIT_SCALE: '1000' },
      dataArgs,
    );
    try {
      const account = await freshService.newAccount('fresh@example.com');
      const { page, consoleErrors, dialogs } = await openPage();
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
      });
      await page.goto(freshService.server.url);
      await signIn(page, account.key);
      await page.getByRole('heading', { name: 'New clip' }).waitFor();
      for (const extra of ['Background music', 'Game video beside the speaker', 'Meme hook at the start'])
        await page.getByLabel(extra).check();
      await until(page, "document.querySelectorAll('.picker .pick').length === 15");
      // 9 templates, 3 game videos and 3 meme hooks, and 3 music tracks, from the first load
      expect(await page.locator('.picker .pick').count()).toBe(15);
      expect(await page.locator('.tracks li').count()).toBe(3);
      const broken =
        "[...document.querySelectorAll('img')].filter((img) => img.complete && img.naturalWidth === 0).length";
      expect(await page.evaluate(broken)).toBe(0);
      expect(await page.locator('.pick .placeholder').count()).toBeGreaterThan(0);
      await review(page, 'new-clip-fresh-install');

      // the page asks again until every preview is made, then shows them all
      await until(page, "document.querySelectorAll('.pick .placeholder').length === 0", 900_000);
      await until(
        page,
        "[...document.querySelectorAll('.pick img')].every((img) => img.complete && img.naturalWidth > 0)",
      );
      expect(await page.locator('.pick img').count()).toBe(15);
      expect(await page.evaluate(broken)).toBe(0);
      expect(await page.locator('.tracks button:disabled').count()).toBe(0);
      expect(failed).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.close();
    } finally {
      await freshService.stop();
    }
  }, 1_000_000);
});

async function upload(): Promise<{ fileUrl: string }> {
  const response = await fetch(`${service.server.url}/api/v1/uploads`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'video/mp4' },
    body: await readFile(videoPath),
  });
  return JSON.parse(await response.text()).data;
}
