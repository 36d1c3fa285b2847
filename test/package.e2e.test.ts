import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truthToWordsJson } from '../src/sample/transcript-files.ts';
import { REPO_ROOT, runClipforge, type CliResult } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startClipforge } from './helpers/server.ts';

// The package as a user gets it: `npm pack`, installed into an empty prefix without dev dependencies, and run from
// there — proving the tarball carries everything the compiled CLI reads at run time.

const run = promisify(execFile);
let dir: string;
let prefix: string;
let bin: string;
let tarballFiles: string[];
function installed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runClipforge(args, { cwd: dir, env, command: [bin] });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-package-'));
  prefix = path.join(dir, 'prefix');
  await mkdir(prefix);
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarballFiles = packed.files.map((file) => file.path);
  await run(
    'npm',
    [
      'install',
      '--omit=dev',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      path.join(dir, packed.filename),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  bin = path.join(prefix, 'node_modules', '.bin', 'clipforge');
}, 600_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('carries the compiled code, the bin, the license and the sample face, and no sources or tests', async () => {
    expect(tarballFiles).toEqual(
      expect.arrayContaining([
        'bin/clipforge.js',
        'dist/cli/main.js',
        'dist/index.js',
        'dist/index.d.ts',
        'LICENSE',
        'README.md',
        'package.json',
        'assets/sample/face.jpg',
      ]),
    );
    expect(
      tarballFiles.filter(
        (file) => file.startsWith('src/') || file.startsWith('test/') || file.endsWith('.test.js'),
      ),
    ).toEqual([]);
    const dashboard = await stat(path.join(REPO_ROOT, 'web', 'dist', 'index.html')).catch(() => undefined);
    if (dashboard) expect(tarballFiles).toContain('web/dist/index.html');
    const manifest = JSON.parse(
      await readFile(path.join(prefix, 'node_modules', 'clipforge', 'package.json'), 'utf8'),
    );
    expect(manifest.private).toBeUndefined();
    expect(await stat(path.join(prefix, 'node_modules', 'tsx')).catch(() => undefined)).toBeUndefined();
  });

  it('prints its version', async () => {
    const version = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
    const result = await installed(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('runs the MCP server on stdio', async () => {
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: bin, args: ['mcp'], stderr: 'ignore' }));
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(
        expect.arrayContaining(['create_short', 'get_shorts', 'upload_file', 'wait_for_completion']),
      );
    } finally {
      await client.close();
    }
  });

  it('clips a generated talk: captions, face framing, music and a hook title, with no compile cache written', async () => {
    const sample = await cachedSample(SHARED_SAMPLES.small40);
    const transcript = path.join(dir, 'talk.words.json');
    await writeFile(transcript, truthToWordsJson(sample.truth));
    const tmp = path.join(dir, 'tmp');
    await mkdir(tmp);
    const out = path.join(dir, 'out');
    const result = await installed(
      [
        'clip',
        sample.videoPath,
        '--end',
        '12',
        '--transcript',
        transcript,
        '--no-clipping',
        '--template',
        'hormozi1',
        '--layout',
        'auto',
        '--music',
        '--hook-title',
        '--out',
        out,
        '--data-dir',
        path.join(dir, 'data'),
        '--json',
      ],
      { TMPDIR: tmp },
    );
    expect(result.code, result.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.shorts).toHaveLength(1);
    expect(manifest.shorts[0]).toMatchObject({ width: 1080, height: 1920 });
    const files = await readdir(out);
    expect(files.filter((file) => /^short-1.*\.(mp4|jpg|srt|vtt)$/.test(file))).toHaveLength(4);
    expect(await readdir(tmp)).toEqual([]);
  });

  it('serves the API from the embedded database (migrations included) and answers doctor', async () => {
    const data = path.join(dir, 'serve-data');
    const server = await startClipforge(['serve', '--port', '0', '--data-dir', data], {}, undefined, [bin]);
    try {
      const health = await fetch(`${server.url}/api/v1/healthz`);
      expect(health.status).toBe(200);
      const accounts = await installed([
        'accounts',
        'create',
        '--email',
        'pkg@example.com',
        '--data-dir',
        data,
      ]);
      expect(accounts.code, accounts.stderr).toBe(0);
      const dashboard = await stat(path.join(REPO_ROOT, 'web', 'dist', 'index.html')).catch(() => undefined);
      if (dashboard)
        expect((await fetch(`${server.url}/`)).headers.get('content-type')).toMatch(/text\/html/);
    } finally {
      await server.stop();
    }
    const doctor = await installed(['doctor', '--data-dir', data]);
    expect(doctor.stdout).toMatch(/^ok {4}ffmpeg .* — with libx264/m);
    expect(doctor.stdout).toMatch(/^ok {4}database: embedded PGlite/m);
  });
});
