import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../media/process.ts';
import { MODEL_LOCK_TIMING, ModelChecksumError, pullModel, totalSize, type WhisperModel } from '../models.ts';
import { transcribe } from '../../pipeline/transcribe/index.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { OpenAiTranscriptionEngine, spreadWords, wordsFromVerboseJson } from './openai.ts';
import { parsePocketsphinxOutput, PocketsphinxEngine } from './pocketsphinx.ts';
import {
  loadWhisperBinding,
  requireWhisperModel,
  whisperBindingPackage,
  wordsFromSegments,
} from './whisper.ts';
import { asyncListener } from '../../../test/helpers/http-listener.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-engines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function speech(text: string, name: string): Promise<string> {
  const raw = path.join(dir, `${name}-raw.wav`);
  const wav = path.join(dir, `${name}.wav`);
  await runProcess('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', raw, text]);
  await runProcess('ffmpeg', ['-loglevel', 'error', '-y', '-i', raw, '-ar', '16000', '-ac', '1', wav]);
  return wav;
}

describe('pocketsphinx', () => {
  it('parses timed words and drops silences, noises and alternates', () => {
    const output = [
      '<s> 0.000 0.020 0.99',
      'hello(2) 0.030 0.400 0.8',
      '<sil> 0.41 0.6 1',
      '[NOISE] 0.6 0.7 1',
      'world 0.710 1.100 0.5',
      '</s> 1.1 1.2 1',
    ].join('\n');
    expect(parsePocketsphinxOutput(output)).toEqual([
      { text: 'hello', start: 0.03, end: 0.4, confidence: 0.8 },
      { text: 'world', start: 0.71, end: 1.1, confidence: 0.5 },
    ]);
  });

  it('recognises real speech with monotone timings inside the audio', async () => {
    const wav = await speech('The ocean covers most of the planet and holds most of its water.', 'ocean');
    const words = await new PocketsphinxEngine().transcribe(wav, {
      language: 'en',
      signal: new AbortController().signal,
    });
    expect(words.length).toBeGreaterThan(4);
    for (let i = 1; i < words.length; i++)
      expect(words[i].start).toBeGreaterThanOrEqual(words[i - 1].end - 0.001);
    expect(words.at(-1)!.end).toBeLessThan(6);
    const recognised = new Set(words.map((w) => w.text));
    expect(
      ['the', 'of', 'most', 'water', 'ocean', 'planet'].filter((w) => recognised.has(w)).length,
    ).toBeGreaterThan(0);
  });

  it('says which engines handle other languages', async () => {
    await expect(
      new PocketsphinxEngine().transcribe('/dev/null', {
        language: 'de',
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow(/English only.*models pull/);
  });
});

describe('whisper.cpp', () => {
  it('loads the CPU build of this platform, and names the package a GPU build needs', () => {
    expect(whisperBindingPackage('none', 'linux', 'x64')).toBe('@fugood/node-whisper-linux-x64');
    expect(whisperBindingPackage('vulkan', 'win32', 'x64')).toBe('@fugood/node-whisper-win32-x64-vulkan');
    expect(typeof loadWhisperBinding('none').WhisperContext).toBe('function');
    // the CUDA build is never installed with ClipForge: it is the user's to add
    expect(() => loadWhisperBinding('cuda')).toThrow(
      new RegExp(`CLIPFORGE_WHISPER_GPU=cuda needs .*npm install ${whisperBindingPackage('cuda')}@1\\.1\\.1`),
    );
  });

  it('names the command that installs a missing model', async () => {
    await expect(requireWhisperModel(dir, 'base')).rejects.toThrow(
      'Whisper model "base" is not installed; run: clipforge models pull base',
    );
  });

  it('joins word pieces into words, in seconds', () => {
    expect(
      wordsFromSegments([
        // whisper.node hands times in milliseconds
        { text: ' Hello', t0: 0, t1: 400 },
        { text: ' wor', t0: 450, t1: 600 },
        { text: 'ld.', t0: 600, t1: 800 },
        { text: ' [BLANK_AUDIO]', t0: 800, t1: 900 },
      ]),
    ).toEqual([
      { text: 'Hello', start: 0, end: 0.4 },
      { text: 'world.', start: 0.45, end: 0.8 },
    ]);
  });
});

describe('model pull', () => {
  const payload = Buffer.from('ggml model bytes '.repeat(4000));
  const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');
  const catalogue: WhisperModel[] = [
    { name: 'test', file: 'ggml-test.bin', sizeMB: 1, sha1: sha1(payload) },
    { name: 'cut', file: 'ggml-cut.bin', sizeMB: 1, sha1: sha1(payload) },
    { name: 'corrupt', file: 'ggml-corrupt.bin', sizeMB: 1, sha1: '0'.repeat(40) },
  ];
  const loopback = ['127.0.0.1/32'];
  const ranges: (string | undefined)[] = [];
  let cutOnce = true;
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    // serves every model file with Range support; the first transfer of ggml-cut.bin dies half-way
    server = http.createServer((request, response) => {
      if (!request.url?.endsWith('.bin')) {
        response.statusCode = 404;
        response.end();
        return;
      }
      ranges.push(request.headers.range);
      const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
      response.statusCode = from > 0 ? 206 : 200;
      if (from > 0)
        response.setHeader('content-range', `bytes ${from}-${payload.length - 1}/${payload.length}`);
      response.setHeader('content-length', payload.length - from);
      if (request.url.endsWith('ggml-cut.bin') && cutOnce) {
        cutOnce = false;
        response.write(payload.subarray(0, payload.length / 2), () =>
          setTimeout(() => response.destroy(), 50),
        );
        return;
      }
      response.end(payload.subarray(from));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('downloads, verifies the checksum and reports progress', async () => {
    const modelsDir = path.join(dir, 'models-ok');
    const progress: number[] = [];
    const file = await pullModel('test', {
      modelsDir,
      baseUrl: base,
      allowlist: loopback,
      catalogue,
      onProgress: (r) => progress.push(r),
    });
    expect(await readFile(file)).toEqual(payload);
    expect(progress.at(-1)).toBe(payload.length);
    expect(await readdir(modelsDir)).toEqual(['ggml-test.bin']);
  });

  it('resumes a cut transfer from its .part file with a Range request', async () => {
    const modelsDir = path.join(dir, 'models-cut');
    const options = { modelsDir, baseUrl: base, allowlist: loopback, catalogue };
    await expect(pullModel('cut', options)).rejects.toThrow(/was cut at .*run it again to resume/);
    const part = await readFile(path.join(modelsDir, 'ggml-cut.bin.part'));
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThan(payload.length);
    ranges.length = 0;
    const file = await pullModel('cut', options);
    expect(ranges).toEqual([`bytes=${part.length}-`]);
    expect(await readFile(file)).toEqual(payload);
    expect(await readdir(modelsDir)).toEqual(['ggml-cut.bin']);
  });

  it('refuses a file whose checksum differs and removes the partial file', async () => {
    const modelsDir = path.join(dir, 'models-bad');
    await expect(
      pullModel('corrupt', { modelsDir, baseUrl: base, allowlist: loopback, catalogue }),
    ).rejects.toThrow(ModelChecksumError);
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it('keeps to the network policy: a private address is refused unless allow-listed', async () => {
    const modelsDir = path.join(dir, 'models-policy');
    await expect(pullModel('test', { modelsDir, baseUrl: base, catalogue })).rejects.toThrow(
      /non-public address \(127\.0\.0\.1\), which is refused/,
    );
  });

  it('refuses unknown model names', async () => {
    await expect(pullModel('gigantic', { modelsDir: dir })).rejects.toThrow(/Unknown model "gigantic"/);
  });

  it('reads the whole size from a partial answer', () => {
    expect(totalSize(206, { 'content-range': 'bytes 100-999/1000', 'content-length': '900' }, 100)).toBe(
      1000,
    );
    expect(totalSize(206, { 'content-length': '900' }, 100)).toBe(1000);
    expect(totalSize(200, { 'content-length': '1000' }, 0)).toBe(1000);
    expect(totalSize(200, {}, 0)).toBeUndefined();
  });

  describe('one download at a time', () => {
    const slow = Buffer.from('slowly served ggml bytes '.repeat(8000));
    const slowCatalogue: WhisperModel[] = [
      { name: 'slow', file: 'ggml-slow.bin', sizeMB: 1, sha1: sha1(slow) },
    ];
    let requests = 0;
    let slowServer: http.Server;
    let slowBase: string;
    beforeAll(async () => {
      // sends the file in ten pieces over about a second, so two pulls overlap
      slowServer = http.createServer((request, response) => {
        requests++;
        response.setHeader('content-length', slow.length);
        let piece = 0;
        const next = () => {
          const size = Math.ceil(slow.length / 10);
          response.write(slow.subarray(piece * size, (piece + 1) * size));
          if (++piece < 10) setTimeout(next, 100);
          else response.end();
        };
        next();
      });
      await new Promise<void>((resolve) => slowServer.listen(0, '127.0.0.1', resolve));
      slowBase = `http://127.0.0.1:${(slowServer.address() as AddressInfo).port}`;
    });
    afterAll(() => slowServer.close());

    it('a second process waits for the first one’s download instead of fetching again', async () => {
      const modelsDir = path.join(dir, 'models-shared');
      const options = { modelsDir, baseUrl: slowBase, allowlist: loopback, catalogue: slowCatalogue };
      const script = path.join(dir, 'pull.mts');
      const models = fileURLToPath(new URL('../models.ts', import.meta.url));
      await writeFile(
        script,
        `import { pullModel } from ${JSON.stringify(models)};\n` +
          `process.stdout.write(await pullModel('slow', JSON.parse(process.argv[2])));\n`,
      );
      requests = 0;
      // the other process starts the download; this one asks once the transfer is under way, so it finds the lock
      const other = runProcess(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)]);
      while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const lockFile = path.join(modelsDir, 'ggml-slow.bin.lock');
      expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ host: os.hostname() });
      const here = await pullModel('slow', options);
      const there = (await other).stdout;
      expect(there).toBe(here);
      expect(requests).toBe(1);
      expect(await readFile(here)).toEqual(slow);
      expect(await readdir(modelsDir)).toEqual(['ggml-slow.bin']);
    });

    it('takes over a lock left by a process that died', async () => {
      const modelsDir = path.join(dir, 'models-stale-lock');
      await mkdir(modelsDir, { recursive: true });
      const dead = await runProcess(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      await writeFile(
        path.join(modelsDir, 'ggml-slow.bin.lock'),
        JSON.stringify({ pid: Number(dead.stdout), host: os.hostname() }),
      );
      requests = 0;
      const file = await pullModel('slow', {
        modelsDir,
        baseUrl: slowBase,
        allowlist: loopback,
        catalogue: slowCatalogue,
      });
      expect(requests).toBe(1);
      expect(await readFile(file)).toEqual(slow);
      expect(await readdir(modelsDir)).toEqual(['ggml-slow.bin']);
    });

    it('takes over a lock from another host once it has gone untouched too long', async () => {
      const modelsDir = path.join(dir, 'models-old-lock');
      await mkdir(modelsDir, { recursive: true });
      await writeFile(
        path.join(modelsDir, 'ggml-slow.bin.lock'),
        JSON.stringify({ pid: 1, host: 'elsewhere' }),
      );
      const staleMs = MODEL_LOCK_TIMING.staleMs;
      MODEL_LOCK_TIMING.staleMs = 600;
      try {
        requests = 0;
        const started = Date.now();
        const file = await pullModel('slow', {
          modelsDir,
          baseUrl: slowBase,
          allowlist: loopback,
          catalogue: slowCatalogue,
        });
        expect(Date.now() - started).toBeGreaterThanOrEqual(600);
        expect(requests).toBe(1);
        expect(await readFile(file)).toEqual(slow);
      } finally {
        MODEL_LOCK_TIMING.staleMs = staleMs;
      }
    });
  });

  it('with --engine whisper, fetches a missing model as auto does, and fails without falling back', async () => {
    const modelsDir = path.join(dir, 'models-explicit');
    const progress: number[] = [];
    const lines: string[] = [];
    await expect(
      transcribe({
        wavPath: await speech('hello world', 'explicit'),
        duration: 2,
        language: 'en',
        engine: 'whisper',
        signal: new AbortController().signal,
        log: { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) },
        modelsDir,
        whisperModel: 'tiny',
        concurrency: 1,
        tools: TEST_TOOLS,
        modelDownload: {
          baseUrl: base,
          allowlist: loopback,
          progress: { update: (r: number) => progress.push(r), finish: () => undefined },
        },
      }),
    ).rejects.toThrow(
      /^Whisper model "tiny" could not be downloaded \(Checksum mismatch for ggml-tiny\.bin .*\); run `clipforge models pull tiny`/,
    );
    // the real tiny model is not served here: the whole (wrong) file came, was checked and was not kept
    expect(lines[0]).toMatch(/^Downloading whisper model tiny \(75 MB\) from http:\/\/127\.0\.0\.1/);
    expect(progress.at(-1)).toBe(payload.length);
    expect(await readdir(modelsDir)).toEqual([]);
  });

  describe('under auto', () => {
    const wav = () => speech('hello world', 'auto');
    function request(modelsDir: string, baseUrl: string) {
      const lines: string[] = [];
      const progress: number[] = [];
      return {
        lines,
        progress,
        req: {
          duration: 2,
          language: 'en',
          engine: 'auto' as const,
          signal: new AbortController().signal,
          log: { info: () => undefined, warn: (m: string) => lines.push(m) },
          modelsDir,
          whisperModel: 'tiny',
          concurrency: 1,
          tools: TEST_TOOLS,
          modelDownload: {
            baseUrl,
            allowlist: loopback,
            progress: { update: (r: number) => progress.push(r), finish: () => undefined },
          },
        },
      };
    }

    it('falls back to pocketsphinx with one warning saying what to run when the models server is down', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const { req, lines } = request(path.join(dir, 'models-down'), `http://127.0.0.1:${port}`);
      const transcript = await transcribe({ ...req, wavPath: await wav() });
      expect(transcript.engine).toBe('pocketsphinx');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^Whisper model "tiny" could not be downloaded \(.*could not be reached.*\); transcribing with pocketsphinx instead\. To get whisper, run `clipforge models pull tiny`/,
      );
    });

    it('fetches the model on first use, checksum-verified, before choosing whisper', async () => {
      // the real tiny model is not served here: the mismatch proves the check runs and nothing is kept
      const modelsDir = path.join(dir, 'models-first-use');
      const { req, lines, progress } = request(modelsDir, base);
      const transcript = await transcribe({ ...req, wavPath: await wav() });
      expect(progress.at(-1)).toBe(payload.length);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Checksum mismatch for ggml-tiny\.bin .*expected SHA-1 bd577a11/);
      expect(transcript.engine).toBe('pocketsphinx');
      expect(await readdir(modelsDir)).toEqual([]);
    });
  });
});

describe('OpenAI-compatible transcription', () => {
  let server: http.Server;
  let base: string;
  const seen: { auth?: string; fields: Record<string, string[]>; fileBytes: number }[] = [];
  beforeAll(async () => {
    server = http.createServer(
      asyncListener(async (request, response) => {
        const form = await new Request('http://x', {
          method: 'POST',
          headers: request.headers as Record<string, string>,
          body: Readable.toWeb(request) as ReadableStream,
          duplex: 'half',
        } as RequestInit).formData();
        const fields: Record<string, string[]> = {};
        let fileBytes = 0;
        for (const [key, value] of form.entries()) {
          if (typeof value === 'string') (fields[key] ??= []).push(value);
          else fileBytes = value.size;
        }
        seen.push({ auth: request.headers.authorization, fields, fileBytes });
        response.setHeader('content-type', 'application/json');
        if (request.url !== '/v1/audio/transcriptions') {
          response.statusCode = 404;
          response.end('{}');
          return;
        }
        response.end(
          JSON.stringify({
            text: 'Hello there world',
            words: [
              { word: 'Hello', start: 0.1, end: 0.4 },
              { word: 'there', start: 0.45, end: 0.7 },
              { word: 'world', start: 0.8, end: 1.2 },
            ],
          }),
        );
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => server.close());

  it('sends a multipart request asking for word timestamps and reads the words', async () => {
    const wav = await speech('hello there world', 'hello');
    const engine = new OpenAiTranscriptionEngine({ baseUrl: base, apiKey: 'sk-test', model: 'whisper-1' });
    const words = await engine.transcribe(wav, { language: 'en', signal: new AbortController().signal });
    expect(words.map((w) => w.text)).toEqual(['Hello', 'there', 'world']);
    const request = seen.at(-1)!;
    expect(request.auth).toBe('Bearer sk-test');
    expect(request.fields).toMatchObject({
      model: ['whisper-1'],
      language: ['en'],
      response_format: ['verbose_json'],
      'timestamp_granularities[]': ['word', 'segment'],
    });
    expect(request.fileBytes).toBeGreaterThan(1000);
  });

  it('reports the service’s HTTP error', async () => {
    const engine = new OpenAiTranscriptionEngine({ baseUrl: `${base}/wrong`, model: 'm' });
    const wav = path.join(dir, 'hello.wav');
    await expect(
      engine.transcribe(wav, { language: 'en', signal: new AbortController().signal }),
    ).rejects.toThrow(/answered HTTP 404/);
  });

  it('spreads segment text over time when there are no word timings', () => {
    expect(wordsFromVerboseJson({ segments: [{ text: ' ab abcd', start: 1, end: 4 }] })).toEqual([
      { text: 'ab', start: 1, end: 2, span: { start: 1, end: 4 } },
      { text: 'abcd', start: 2, end: 4, span: { start: 1, end: 4 } },
    ]);
    expect(spreadWords('', 0, 1)).toEqual([]);
  });
});
