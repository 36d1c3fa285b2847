import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClipforge } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startClipforge, type RunningServer } from './helpers/server.ts';
import { JOB_DEADLINE_MS } from './helpers/wait.ts';

// CLIPFORGE_FFMPEG_PATH / CLIPFORGE_FFPROBE_PATH point at wrappers that log each use; ffmpeg and ffprobe on
// PATH are decoys that log too. A whole job through `serve`, and `assets build`, may only run the wrappers.

let dir: string;
let server: RunningServer | undefined;
const logOf = (name: string) => path.join(dir, `${name}.log`);

async function which(tool: string): Promise<string> {
  for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(folder, tool);
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${tool} is not on PATH`);
}

/** A shell script that logs its use to `log`, then runs the real tool. */
async function wrapper(file: string, real: string, log: string): Promise<void> {
  await writeFile(file, `#!/bin/sh\necho "$(basename "$0")" >> '${log}'\nexec '${real}' "$@"\n`);
  await chmod(file, 0o755);
}

let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-tools-'));
  const configured = path.join(dir, 'configured');
  const decoys = path.join(dir, 'decoys');
  await mkdir(configured);
  await mkdir(decoys);
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const real = await which(tool);
    await wrapper(path.join(configured, `my-${tool}`), real, logOf('configured'));
    await wrapper(path.join(decoys, tool), real, logOf('decoy'));
  }
  const sample = await cachedSample(SHARED_SAMPLES.small40);
  await copyFile(sample.videoPath, path.join(dir, 'talk.mp4'));
  env = {
    PATH: `${decoys}${path.delimiter}${process.env.PATH}`,
    CLIPFORGE_FFMPEG_PATH: path.join(configured, 'my-ffmpeg'),
    CLIPFORGE_FFPROBE_PATH: path.join(configured, 'my-ffprobe'),
    CLIPFORGE_TRANSCRIBER: 'pocketsphinx',
    CLIPFORGE_DATA_DIR: path.join(dir, 'data'),
  };
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const used = async (name: string) =>
  (await readFile(logOf(name), 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe('the configured media tools', () => {
  it('are the only ffmpeg and ffprobe a whole job runs', async () => {
    server = await startClipforge(['serve', '--port', '0'], env);
    const admin = (...args: string[]) => runClipforge(args, { env });
    expect(
      (await admin('accounts', 'create', '--email', 't@example.com', '--credits', '3', '--tier', 'business'))
        .code,
    ).toBe(0);
    const key = (await admin('keys', 'create', '--email', 't@example.com')).stdout.split('\n')[0].trim();
    const upload = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'video/mp4', 'x-filename': 'talk.mp4' },
      body: await readFile(path.join(dir, 'talk.mp4')),
    });
    const { data: uploaded } = (await upload.json()) as { data: { fileUrl: string } };
    const created = await fetch(`${server.url}/api/v1/shorts/create`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        fileUrl: uploaded.fileUrl,
        start: 0,
        end: 30,
        preferredLength: 'under30sec',
        layout: 'auto',
        hookTitle: true,
        memeHook: true,
        gameVideo: true,
        music: true,
        musicVolume: 20,
      }),
    });
    expect(created.status).toBe(201);
    const { data } = (await created.json()) as { data: { requestId: string } };
    let status: { status: string; failureReason?: string } = { status: 'queued' };
    const deadline = Date.now() + JOB_DEADLINE_MS;
    while (!['completed', 'failed', 'cancelled'].includes(status.status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const response = await fetch(`${server.url}/api/v1/shorts/${data.requestId}/status`, {
        headers: { 'x-api-key': key },
      });
      const body = (await response.json()) as { data: typeof status };
      expect(response.status, JSON.stringify(body)).toBe(200);
      status = body.data;
    }
    expect(status, server.output().slice(-2000)).toMatchObject({ status: 'completed' });
    expect(await used('decoy')).toEqual([]);
    expect(new Set(await used('configured'))).toEqual(new Set(['my-ffmpeg', 'my-ffprobe']));
  });

  it('are the only ones `assets build` runs', async () => {
    const fresh = { ...env, CLIPFORGE_ASSETS_DIR: path.join(dir, 'fresh-assets') };
    const before = (await used('configured')).length;
    const built = await runClipforge(['assets', 'build'], { env: fresh });
    expect(built.stderr).toBe('');
    expect(built.stdout).toMatch(/^9 built-in assets made/);
    expect(await used('decoy')).toEqual([]);
    expect((await used('configured')).length).toBeGreaterThan(before);
  });
});
