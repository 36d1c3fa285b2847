import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { truthToWordsJson } from '../src/sample/transcript-files.ts';
import { REPO_ROOT, runClipforge, type CliResult } from './helpers/cli.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { startClipforge } from './helpers/server.ts';

// The package as a user gets it: `npm pack`, then `npm install <tarball>` in an empty folder outside the checkout,
// as a new user on this machine: no npm_config_* from the parent, an empty HOME (no user .npmrc), install scripts
// allowed as npm 10 (Node 20's) runs them — so a dependency that fetches from outside the npm registry when it
// installs fails here as it would for them. Then the installed `clipforge` is run from there.

const run = promisify(execFile);
const MAX_NODE_MODULES_BYTES = 300 * 1024 * 1024;
let dir: string;
let prefix: string;
let bin: string;
let tarballFiles: string[];
let install: { stdout: string; stderr: string };
/** what a new user on this machine has: the machine's network and TLS settings, and nothing of ours */
let userEnv: NodeJS.ProcessEnv;
function installed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runClipforge(args, { cwd: prefix, env: { ...userEnv, ...env }, command: [bin] });
}

/** Machine-wide settings a fresh account inherits: where binaries are, TLS roots, proxies. */
const MACHINE_VARIABLES =
  /^(PATH|LANG|LC_ALL|TZ|NODE_EXTRA_CA_CERTS|SSL_CERT_FILE|SSL_CERT_DIR|(HTTPS?|NO|ALL)_PROXY)$/i;

/** npm's value of a setting as the parent sees it, read outside any project so no project .npmrc applies. */
async function npmConfig(key: string, cwd: string): Promise<string> {
  return (await run('npm', ['config', 'get', key], { cwd })).stdout.trim();
}

async function bytesUnder(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await lstat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'cf-package-')));
  prefix = path.join(dir, 'app');
  const home = path.join(dir, 'home');
  await mkdir(prefix);
  await mkdir(home);
  await writeFile(path.join(prefix, 'package.json'), '{ "name": "new-user", "private": true }\n');
  userEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => MACHINE_VARIABLES.test(name)),
  ) as NodeJS.ProcessEnv;
  userEnv.HOME = home;
  userEnv.TMPDIR = dir;

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarballFiles = packed.files.map((file) => file.path);

  // The registry this machine uses is kept (a mirror is the machine's, not ours), and the parent's download cache
  // is shared to spare the network: it holds registry tarballs by checksum and changes no install decision.
  const registry = await npmConfig('registry', dir);
  const cache = await npmConfig('cache', dir);
  // npm 11's allow-scripts policy would skip install scripts that npm 10 runs; a user on Node 20 runs them
  const allowsScripts = (await npmConfig('dangerously-allow-all-scripts', dir)) !== 'undefined';
  install = await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-update-notifier',
      '--foreground-scripts',
      ...(allowsScripts ? ['--dangerously-allow-all-scripts'] : []),
      `--registry=${registry}`,
      `--cache=${cache}`,
      '--prefer-offline',
      path.join(dir, packed.filename),
    ],
    { cwd: prefix, env: userEnv, maxBuffer: 64 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`npm install of the tarball failed: ${error.stderr ?? error.message}`);
  });
  bin = path.join(prefix, 'node_modules', '.bin', 'clipforge');
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('installs from outside the checkout with exit 0, fetching nothing from outside the registry, in ≤ 300 MB', async () => {
    expect(path.relative(REPO_ROOT, dir).startsWith('..')).toBe(true);
    expect(path.relative(dir, REPO_ROOT).startsWith('..')).toBe(true);
    expect(install.stderr).not.toMatch(/ENOTFOUND|ECONNREFUSED|ETIMEDOUT/);
    const modules = path.join(prefix, 'node_modules');
    const bytes = await bytesUnder(modules);
    expect(bytes, `node_modules is ${(bytes / 1024 ** 2).toFixed(0)} MB`).toBeLessThanOrEqual(
      MAX_NODE_MODULES_BYTES,
    );
    // the runtimes that download or carry GPU libraries are not there
    const present = await readdir(modules);
    expect(present).not.toContain('onnxruntime-node');
    expect((await readdir(path.join(modules, '@fugood'))).filter((name) => /cuda|vulkan/.test(name))).toEqual(
      [],
    );
  });

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
        'assets/silero-vad/silero_vad_v5.onnx',
        'assets/silero-vad/LICENSE',
        'assets/lr-asd/lr-asd-talkset.onnx',
        'assets/lr-asd/LICENSE-LR-ASD.txt',
        'dist/vendor/onnxruntime-web/ort.node.min.mjs',
        'dist/vendor/onnxruntime-web/ort-wasm-simd-threaded.mjs',
        'dist/vendor/onnxruntime-web/ort-wasm-simd-threaded.wasm',
        'dist/vendor/onnxruntime-web/LICENSE',
        'web/dist/index.html',
      ]),
    );
    expect(
      tarballFiles.filter(
        (file) => file.startsWith('src/') || file.startsWith('test/') || file.endsWith('.test.js'),
      ),
    ).toEqual([]);
    // the dashboard is built by prepack: a tarball without it is a broken package, not a skipped check
    expect(tarballFiles.filter((file) => file.startsWith('web/dist/assets/')).length).toBeGreaterThan(0);
    expect(
      await stat(path.join(prefix, 'node_modules', 'clipforge', 'web', 'dist', 'index.html')),
    ).toBeTruthy();
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
    const server = await startClipforge(['serve', '--port', '0', '--data-dir', data], userEnv, undefined, [
      bin,
    ]);
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
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const script = (await page.text()).match(/src="(\/[^"]+\.js)"/)?.[1];
      expect(script, 'the dashboard page names its script').toBeDefined();
      expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    const doctor = await installed(['doctor', '--data-dir', data]);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/^ok {4}ffmpeg .* — with libx264/m);
    expect(doctor.stdout).toMatch(/^ok {4}database: embedded PGlite/m);
  });
});
