import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config.ts';
import {
  checkDatabase,
  checkFfmpeg,
  checkFfprobe,
  checkFonts,
  checkOnnxRuntime,
  checkRecognisers,
  checkStorage,
  formatReport,
  hasFailures,
  parseFfmpegList,
  parseFontFamilies,
  parseToolVersion,
  redactUrl,
  runChecks,
  type DoctorProbe,
} from './checks.ts';
import { capabilityListArgs, filterHelpArgs } from '../media/tool-info-args.ts';
import { machineProbe } from './probe.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { startLocalS3 } from '../../test/helpers/s3.ts';
import { nativeRuntimeMissing } from '../../test/helpers/native-onnx.ts';
import { chooseOnnxRuntime, NATIVE_RUNTIME_INSTALL } from '../engines/onnx-runtime.ts';

let dir: string;
const config = (settings: Partial<Record<keyof Config, unknown>> = {}) =>
  loadConfig({ dataDir: path.join(dir, 'data'), ...settings }, {});

/** The real machine, except that `command` prints `output` (as a tool built differently would). */
const withOutput = (command: string, args: string[], output: string): DoctorProbe => ({
  ...machineProbe,
  run: async (cmd, cmdArgs) =>
    cmd === command && cmdArgs.join(' ') === args.join(' ')
      ? { found: true, ok: true, output }
      : machineProbe.run(cmd, cmdArgs),
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-doctor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parsers', () => {
  it('reads names out of real `ffmpeg -encoders` and `-filters` listings, and the version', async () => {
    const encoders = await machineProbe.run(TEST_TOOLS.ffmpeg, capabilityListArgs('encoders'));
    const filters = await machineProbe.run(TEST_TOOLS.ffmpeg, capabilityListArgs('filters'));
    expect(parseFfmpegList(encoders.output)).toContain('libx264');
    expect(parseFfmpegList(encoders.output)).not.toContain('Encoders:');
    expect(parseFfmpegList(filters.output)).toContain('ass');
    expect(parseFfmpegList(filters.output)).toContain('drawtext');
    expect(parseToolVersion('ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024')).toBe(
      '5.1.6-0+deb12u1',
    );
  });

  it('splits fc-list families and hides database passwords', () => {
    expect(parseFontFamilies('Inter,Inter Black\nLato\n')).toEqual(new Set(['Inter', 'Inter Black', 'Lato']));
    expect(redactUrl('postgres://clip:s3cret@db:5432/clipforge')).toBe('postgres://clip@db:5432/clipforge');
  });
});

describe('media tools', () => {
  it('passes this machine’s ffmpeg and ffprobe', async () => {
    const [ffmpeg] = await checkFfmpeg(config(), machineProbe);
    expect(ffmpeg).toMatchObject({ ok: true, required: true });
    expect(ffmpeg.detail).toMatch(/libx264.*ass/);
    expect((await checkFfprobe(config(), machineProbe))[0].ok).toBe(true);
  });

  it('says what to install when ffmpeg or ffprobe is missing', async () => {
    const [ffmpeg] = await checkFfmpeg(config({ ffmpegPath: '/nonexistent/ffmpeg' }), machineProbe);
    expect(ffmpeg).toMatchObject({ ok: false, required: true });
    expect(ffmpeg.fix).toMatch(/^apt-get install ffmpeg.*CLIPFORGE_FFMPEG_PATH/);
    const [ffprobe] = await checkFfprobe(config({ ffprobePath: '/nonexistent/ffprobe' }), machineProbe);
    expect(ffprobe.fix).toMatch(/CLIPFORGE_FFPROBE_PATH/);
  });

  it('fails an ffmpeg too old to keep the limited sound in step (alimiter without latency)', async () => {
    const { output } = await machineProbe.run(TEST_TOOLS.ffmpeg, filterHelpArgs('alimiter'));
    expect(output).toMatch(/^\s*latency\s/m);
    const older = output
      .split('\n')
      .filter((line) => !/^\s*latency\s/.test(line))
      .join('\n');
    const [result] = await checkFfmpeg(
      config(),
      withOutput(config().ffmpegPath, filterHelpArgs('alimiter'), older),
    );
    expect(result.ok).toBe(false);
    expect(result.detail).toMatch(/alimiter filter has no latency option/);
    expect(result.fix).toMatch(/apt-get install ffmpeg/);
  });

  it('warns of an ffmpeg built without zscale, which only an HDR source needs', async () => {
    const { output } = await machineProbe.run(TEST_TOOLS.ffmpeg, capabilityListArgs('filters'));
    expect(parseFfmpegList(output)).toContain('zscale');
    const withoutZimg = output
      .split('\n')
      .filter((line) => !/\szscale\s/.test(line))
      .join('\n');
    const results = await checkFfmpeg(
      config(),
      withOutput(config().ffmpegPath, capabilityListArgs('filters'), withoutZimg),
    );
    expect(results[0]).toMatchObject({ ok: true, required: true });
    expect(results[1]).toMatchObject({ ok: false, required: false });
    expect(results[1].detail).toMatch(/zscale \(libzimg\).*HDR/);
  });

  it('fails an ffmpeg built without libass, naming the library', async () => {
    const { output } = await machineProbe.run(TEST_TOOLS.ffmpeg, capabilityListArgs('filters'));
    const withoutLibass = output
      .split('\n')
      .filter((line) => !/\s(ass|subtitles)\s/.test(line))
      .join('\n');
    const [result] = await checkFfmpeg(
      config(),
      withOutput(config().ffmpegPath, capabilityListArgs('filters'), withoutLibass),
    );
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('built without ass (libass)');
    expect(result.fix).toMatch(/apt-get install ffmpeg/);
  });
});

describe('fonts', () => {
  it('finds every template font on this machine', async () => {
    expect((await checkFonts(config(), machineProbe))[0]).toMatchObject({ ok: true });
  });

  it('names the Debian packages of missing fonts, as a warning', async () => {
    const [result] = await checkFonts(
      config(),
      withOutput('fc-list', [':', 'family'], 'DejaVu Sans\nInter\n'),
    );
    expect(result).toMatchObject({ ok: false, required: false });
    expect(result.fix).toBe(
      'apt-get install fonts-league-spartan fonts-bebas-neue fonts-open-sans fonts-lato fonts-roboto',
    );
  });
});

describe('recognisers', () => {
  it('with auto, a missing whisper model is a warning while pocketsphinx works', async () => {
    const results = await checkRecognisers(config(), machineProbe);
    expect(results.map((r) => [r.name, r.ok, r.required])).toEqual([
      ['whisper model "base"', false, false],
      ['pocketsphinx', true, false],
    ]);
    expect(results[0].fix).toBe('clipforge models pull base');
  });

  it('with auto and neither recogniser, fails with both fixes', async () => {
    const noPocketsphinx = { ...machineProbe, which: async () => undefined };
    const results = await checkRecognisers(config(), noPocketsphinx);
    expect(hasFailures(results)).toBe(true);
    expect(results.at(-1)?.fix).toBe(
      'clipforge models pull base, or apt-get install pocketsphinx pocketsphinx-en-us',
    );
  });

  it('with whisper, requires the model file and finds it once pulled', async () => {
    const whisper = config({ transcriber: 'whisper', whisperModel: 'tiny' });
    expect((await checkRecognisers(whisper, machineProbe))[0]).toMatchObject({
      ok: false,
      required: true,
      fix: 'clipforge models pull tiny',
    });
    await mkdir(path.join(dir, 'data', 'models'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'models', 'ggml-tiny.bin'), 'model bytes');
    expect((await checkRecognisers(whisper, machineProbe))[0]).toMatchObject({ ok: true });
    const unknown = await checkRecognisers(
      config({ transcriber: 'whisper', whisperModel: 'huge' }),
      machineProbe,
    );
    expect(unknown[0].fix).toMatch(/^set CLIPFORGE_WHISPER_MODEL to one of: tiny, tiny.en, base/);
  });

  it('names the GPU build of whisper.cpp to install when CLIPFORGE_WHISPER_GPU asks for one', async () => {
    // the CPU build loads here, so it adds no line; the CUDA build is never installed with ClipForge
    expect(await checkRecognisers(config({ transcriber: 'whisper' }), machineProbe)).toHaveLength(1);
    const cuda = await checkRecognisers(config({ transcriber: 'whisper', whisperGpu: 'cuda' }), machineProbe);
    expect(cuda[1]).toMatchObject({
      name: 'whisper.cpp cuda build',
      ok: false,
      required: true,
      fix: `npm install @fugood/node-whisper-${process.platform}-${process.arch}-cuda@1.1.1, or unset CLIPFORGE_WHISPER_GPU`,
    });
    const loads = { ...machineProbe, whisperBinding: async () => undefined };
    const vulkan = await checkRecognisers(config({ transcriber: 'whisper', whisperGpu: 'vulkan' }), loads);
    expect(vulkan[1]).toMatchObject({ name: 'whisper.cpp vulkan build', ok: true });
  });

  it('with openai, needs an endpoint', async () => {
    const [missing] = await checkRecognisers(config({ transcriber: 'openai' }), machineProbe);
    expect(missing).toMatchObject({ ok: false, required: true });
    const [set] = await checkRecognisers(
      config({ transcriber: 'openai', openaiBaseUrl: 'http://127.0.0.1:9/v1' }),
      machineProbe,
    );
    expect(set.ok).toBe(true);
  });
});

describe('the ONNX runtime', () => {
  it('names the runtime auto picks here; on WebAssembly, how to get the native one', async () => {
    const auto = { ...machineProbe, onnxRuntime: () => chooseOnnxRuntime('auto') };
    const [line] = await checkOnnxRuntime(config(), auto);
    expect(line.ok).toBe(true);
    expect(line.detail).toBe(
      nativeRuntimeMissing
        ? `onnxruntime-web 1.31.1, WebAssembly (the active-speaker camera takes a quarter of the CPU on onnxruntime-node: ${NATIVE_RUNTIME_INSTALL})`
        : 'onnxruntime-node 1.31.1, native',
    );
  });

  it('fails when CLIPFORGE_ONNX_RUNTIME=native and onnxruntime-node is not beside ClipForge, saying how to install it', async () => {
    const elsewhere = path.join(
      dir,
      'lib',
      'node_modules',
      'clipforge',
      'dist',
      'engines',
      'onnx-runtime.js',
    );
    const missing = { ...machineProbe, onnxRuntime: () => chooseOnnxRuntime('native', elsewhere) };
    const [line] = await checkOnnxRuntime(config(), missing);
    expect(line).toMatchObject({ ok: false, required: true });
    expect(line.detail).toMatch(/^CLIPFORGE_ONNX_RUNTIME=native, but onnxruntime-node is not installed/);
    expect(line.fix).toContain(NATIVE_RUNTIME_INSTALL);
  });
});

describe('database and storage', () => {
  it('embedded: a data dir that can be created passes; one under a file fails', async () => {
    expect((await checkDatabase(config(), machineProbe))[0].ok).toBe(true);
    expect((await checkStorage(config(), machineProbe))[0].ok).toBe(true);
    await writeFile(path.join(dir, 'a-file'), '');
    const blocked = config({ dataDir: path.join(dir, 'a-file', 'data') });
    const [database] = await checkDatabase(blocked, machineProbe);
    expect(database).toMatchObject({ ok: false, required: true });
    expect(database.detail).toMatch(/a-file is not a directory/);
    expect((await checkStorage(blocked, machineProbe))[0].fix).toMatch(/CLIPFORGE_DATA_DIR/);
  });

  it('s3: a reachable bucket passes; a missing one, refused credentials or no server say what to fix', async () => {
    const s3 = await startLocalS3('doctor-bucket');
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = s3.env();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
    const s3Config = (settings: Partial<Record<keyof Config, unknown>> = {}) =>
      config({
        storage: 's3',
        s3Bucket: s3.bucket,
        s3Endpoint: s3.endpoint,
        s3ForcePathStyle: true,
        ...settings,
      });
    const storageOf = async (settings: Partial<Record<keyof Config, unknown>> = {}) =>
      (await checkStorage(s3Config(settings), machineProbe)).find((result) => result.name === 'storage: s3')!;
    try {
      const [scratch] = await checkStorage(s3Config(), machineProbe);
      expect(scratch).toMatchObject({ name: 'scratch: data dir', ok: true });
      expect(await storageOf()).toMatchObject({ ok: true, required: true });
      const missing = await storageOf({ s3Bucket: 'no-such-bucket' });
      expect(missing).toMatchObject({ ok: false, required: true });
      expect(missing.detail).toMatch(/"no-such-bucket" does not exist/);
      expect(missing.fix).toContain(`aws s3 mb s3://no-such-bucket --endpoint-url ${s3.endpoint}`);
      process.env.AWS_ACCESS_KEY_ID = 'NOT-S3RVER';
      const refused = await storageOf();
      expect(refused.ok).toBe(false);
      expect(refused.fix).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
      process.env.AWS_ACCESS_KEY_ID = AWS_ACCESS_KEY_ID;
      const endpoint = s3.endpoint;
      await s3.close();
      const gone = await storageOf({ s3Endpoint: endpoint });
      expect(gone.ok).toBe(false);
      expect(gone.fix).toContain(`CLIPFORGE_S3_ENDPOINT (${endpoint})`);
    } finally {
      await s3.close().catch(() => undefined);
      for (const [name, value] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('DATABASE_URL: queries the local PostgreSQL; an unreachable one fails without its password', async () => {
    const [reachable] = await checkDatabase(
      config({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres' }),
      machineProbe,
    );
    expect(reachable.ok).toBe(true);
    expect(reachable.name).toMatch(/^database: PostgreSQL \d+/);
    const [down] = await checkDatabase(
      config({ databaseUrl: 'postgres://postgres:hunter2@127.0.0.1:1/postgres' }),
      machineProbe,
    );
    expect(down).toMatchObject({ ok: false, required: true });
    expect(down.detail).toMatch(/ECONNREFUSED/);
    expect(down.detail).not.toContain('hunter2');
  });
});

describe('the report', () => {
  it('prints ok or the fix for each check, and fails only on required ones', async () => {
    const results = await runChecks(config({ ffmpegPath: '/nonexistent/ffmpeg' }), machineProbe);
    const report = formatReport(results);
    expect(report).toMatch(
      /^FAIL {2}ffmpeg — not found at "\/nonexistent\/ffmpeg"\n {6}fix: apt-get install ffmpeg/m,
    );
    expect(report).toMatch(/^ok {4}ffprobe /m);
    expect(report).toMatch(/^warn {2}whisper model "base" — .*\n {6}fix: clipforge models pull base$/m);
    expect(report).toMatch(/1 required check\(s\) failed/);
    expect(hasFailures(results)).toBe(true);
    expect(hasFailures(results.filter((result) => !result.name.startsWith('ffmpeg')))).toBe(false);
  });
});
