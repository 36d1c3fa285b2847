import { copyFile, cp, mkdir, mkdtemp, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClipforge } from './helpers/cli.ts';
import { makeTestVideo } from './helpers/media.ts';
import { TEST_ASSETS_DIR } from './helpers/test-assets.ts';

// Broken inputs through the real `clipforge clip` command: one clear line, non-zero exit, nothing left behind.

let dir: string;
let server: http.Server;
let baseUrl: string;

function clip(args: string[]) {
  return runClipforge(['clip', ...args], {
    cwd: dir,
    env: { CLIPFORGE_NETWORK_ALLOWLIST: '127.0.0.1/32', TMPDIR: path.join(dir, 'tmp') },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-broken-'));
  await mkdir(path.join(dir, 'tmp'));
  await writeFile(path.join(dir, 'notes.mp4'), 'These are my meeting notes, not a video.\n'.repeat(50));
  await writeFile(path.join(dir, 'empty.mp4'), '');
  await makeTestVideo(path.join(dir, 'silent-video.mp4'), { audio: false });
  await makeTestVideo(path.join(dir, 'audio-only.m4a'), { video: false });
  await makeTestVideo(path.join(dir, 'whole.mp4'));
  await copyFile(path.join(dir, 'whole.mp4'), path.join(dir, 'truncated.mp4'));
  await truncate(
    path.join(dir, 'truncated.mp4'),
    Math.floor((await stat(path.join(dir, 'whole.mp4'))).size / 2),
  );
  server = http.createServer((_request, response) => {
    response.statusCode = 404;
    response.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('clipforge clip with broken inputs', () => {
  it.each([
    ['a text file renamed .mp4', 'notes.mp4', /^Failed: The file is not a video ClipForge can read$/],
    ['a zero-byte file', 'empty.mp4', /empty/i],
    ['a video without audio', 'silent-video.mp4', /no audio track/i],
    ['audio without video', 'audio-only.m4a', /no video stream/i],
    ['a truncated MP4', 'truncated.mp4', /not a video ClipForge can read|truncated|incomplete/i],
    ['a missing file', 'nowhere.mp4', /not found|does not exist|no such file/i],
    ['a 404 URL', '404', /HTTP 404/],
  ])('%s ends with one clear line and no leftovers', async (_label, input, reason) => {
    const source = input === '404' ? `${baseUrl}/missing.mp4` : input;
    const outDir = path.join(dir, `out-${input}`);
    const result = await clip([source, '--out', outDir]);
    expect(result.code).toBe(1);
    const failure = result.stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('Failed: '));
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(reason);
    expect(failure[0].length).toBeLessThan(200);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const leftovers = (await readdir(path.join(dir, 'tmp'))).filter((name) => name.startsWith('clipforge-'));
    expect(leftovers).toEqual([]);
    const produced = await readdir(outDir).catch(() => []);
    expect(produced).toEqual([]);
  });
});

describe('clipforge assets and the overlay flags', () => {
  it('adds an operator track, lists it beside the built-ins, and clip refuses an unknown name up front', async () => {
    const assets = path.join(dir, 'assets');
    const env = { CLIPFORGE_ASSETS_DIR: assets };
    await cp(TEST_ASSETS_DIR, assets, { recursive: true });
    const track = path.join(dir, 'my-loop.m4a');
    await makeTestVideo(track, { video: false });
    const added = await runClipforge(['assets', 'add', 'music', track, '--name', 'Sunday Loop'], {
      cwd: dir,
      env,
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^Added music "Sunday Loop" \(\d+\.\d s\)/);
    const again = await runClipforge(['assets', 'add', 'music', track, '--name', 'Sunday Loop'], {
      cwd: dir,
      env,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has "Sunday Loop"');
    const listed = await runClipforge(['assets', 'list', 'music'], { cwd: dir, env });
    expect(listed.stdout).toContain('Sunday Loop');
    expect(listed.stdout).toContain('Calm Pads');
    const refused = await runClipforge(
      [
        'clip',
        path.join(dir, 'whole.mp4'),
        '--music-name',
        'sunday loop',
        '--out',
        path.join(dir, 'out-music'),
      ],
      { cwd: dir, env },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Failed: Unknown music name "sunday loop" \(names are case-sensitive\)/);
    expect(await readdir(path.join(dir, 'out-music')).catch(() => [])).toEqual([]);
  });
});
