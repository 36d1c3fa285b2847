import path from 'node:path';
import type { Config } from '../config.ts';
import { findWhisperModel, modelPath, WHISPER_MODELS } from '../engines/models.ts';
import { NATIVE_RUNTIME_INSTALL, type LoadedOnnxRuntime } from '../engines/onnx-runtime.ts';
import { POCKETSPHINX_MODEL_DIR } from '../engines/transcription/pocketsphinx.ts';
import {
  WHISPER_BINDING_VERSION,
  whisperBindingPackage,
  type WhisperGpu,
} from '../engines/transcription/whisper.ts';
import { capabilityListArgs, filterHelpArgs, versionArgs } from '../media/tool-info-args.ts';
import { TEMPLATES } from '../pipeline/captions/templates.ts';

// What `clipforge doctor` checks, as functions of the configuration and a narrow probe of the machine, so each
// check can be run against a machine that lacks the tool (a probe pointed at a missing path, an empty dir).

/** The side effects a check may have: run a program, look at files, reach a database. */
export interface DoctorProbe {
  /** runs `command args`; `found: false` when there is no such program */
  run(command: string, args: string[]): Promise<{ found: boolean; ok: boolean; output: string }>;
  /** the first executable named `name` on PATH */
  which(name: string): Promise<string | undefined>;
  exists(file: string): Promise<boolean>;
  /** whether `dir` can be written, or created where it does not exist yet; else why not */
  writable(dir: string): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** connects to a PostgreSQL database and returns its server version */
  queryDatabase(url: string): Promise<string>;
  /** asks the configured S3 bucket whether it is there for these credentials (HeadBucket); throws the SDK's error */
  headBucket(config: Config): Promise<void>;
  /** loads the whisper.cpp build (the CPU one, or the GPU one named); undefined when it loads, else why not */
  whisperBinding(gpu: WhisperGpu): Promise<string | undefined>;
  /** loads the ONNX runtime CLIPFORGE_ONNX_RUNTIME picks; throws when it cannot be loaded */
  onnxRuntime(): Promise<Pick<LoadedOnnxRuntime, 'kind' | 'name' | 'nativeFailure'>>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  /** a failed required check makes doctor exit non-zero; a failed optional one is a warning */
  required: boolean;
  detail: string;
  /** what to run (or set) to fix it */
  fix?: string;
}

export type Check = (config: Config, probe: DoctorProbe) => Promise<CheckResult[]>;

const ok = (name: string, detail: string, required = true): CheckResult => ({
  name,
  ok: true,
  required,
  detail,
});
const problem = (name: string, detail: string, fix: string, required = true): CheckResult => ({
  name,
  ok: false,
  required,
  detail,
  fix,
});

/** `ffmpeg -version`'s first line → "5.1.6-0+deb12u1". */
export function parseToolVersion(output: string): string {
  return /version (\S+)/.exec(output)?.[1] ?? 'unknown version';
}

/** Names in the first column after the flags of `ffmpeg -encoders` or `ffmpeg -filters` lines. */
export function parseFfmpegList(output: string): Set<string> {
  const names = new Set<string>();
  for (const line of output.split('\n')) {
    const match = /^\s*[A-Z.|]{3,6}\s+(\S+)\s/.exec(line);
    if (match) names.add(match[1]);
  }
  return names;
}

/** What ClipForge needs from ffmpeg, and which library each piece comes from. */
const FFMPEG_NEEDS: { kind: 'encoders' | 'filters'; name: string; library: string }[] = [
  { kind: 'encoders', name: 'libx264', library: 'libx264' },
  { kind: 'encoders', name: 'aac', library: 'the native AAC encoder' },
  { kind: 'filters', name: 'ass', library: 'libass' },
  { kind: 'filters', name: 'drawtext', library: 'libfreetype' },
];

function toolFix(config: Config, setting: 'ffmpegPath' | 'ffprobePath'): string {
  const variable = setting === 'ffmpegPath' ? 'CLIPFORGE_FFMPEG_PATH' : 'CLIPFORGE_FFPROBE_PATH';
  const binary = setting === 'ffmpegPath' ? 'ffmpeg' : 'ffprobe';
  return config[setting] === binary
    ? 'apt-get install ffmpeg'
    : `apt-get install ffmpeg, then unset ${variable} (or point it at a working ${binary})`;
}

export const checkFfmpeg: Check = async (config, probe) => {
  const binary = config.ffmpegPath;
  const version = await probe.run(binary, versionArgs());
  if (!version.found || !version.ok) {
    return [problem('ffmpeg', `not found at "${binary}"`, toolFix(config, 'ffmpegPath'))];
  }
  const lists = {
    encoders: parseFfmpegList((await probe.run(binary, capabilityListArgs('encoders'))).output),
    filters: parseFfmpegList((await probe.run(binary, capabilityListArgs('filters'))).output),
  };
  const missing = FFMPEG_NEEDS.filter((need) => !lists[need.kind].has(need.name));
  const name = `ffmpeg ${parseToolVersion(version.output)}`;
  if (missing.length > 0) {
    return [
      problem(
        name,
        `built without ${missing.map((need) => `${need.name} (${need.library})`).join(', ')}`,
        `apt-get install ffmpeg (Debian's build has all of them)${binary === 'ffmpeg' ? '' : ', or point CLIPFORGE_FFMPEG_PATH at such a build'}`,
      ),
    ];
  }
  // the loudness limiter keeps a short's sound in step with its picture by alimiter's delay compensation (ffmpeg 5)
  const limiter = await probe.run(binary, filterHelpArgs('alimiter'));
  if (!/^\s*latency\s/m.test(limiter.output)) {
    return [
      problem(
        name,
        'too old: its alimiter filter has no latency option (ffmpeg 5.0 or newer has it)',
        `apt-get install ffmpeg (Debian 12's is 5.1)${binary === 'ffmpeg' ? '' : ', or point CLIPFORGE_FFMPEG_PATH at ffmpeg 5.0 or newer'}`,
      ),
    ];
  }
  const found = ok(name, `with ${FFMPEG_NEEDS.map((need) => need.name).join(', ')}`);
  if (lists.filters.has('zscale')) return [found];
  return [
    found,
    problem(
      `${name} zscale`,
      'built without zscale (libzimg): a source in HDR (a phone’s HLG video) fails to render',
      `apt-get install ffmpeg (Debian's build has it)${binary === 'ffmpeg' ? '' : ', or point CLIPFORGE_FFMPEG_PATH at such a build'}`,
      false,
    ),
  ];
};

export const checkFfprobe: Check = async (config, probe) => {
  const version = await probe.run(config.ffprobePath, versionArgs());
  if (!version.found || !version.ok) {
    return [problem('ffprobe', `not found at "${config.ffprobePath}"`, toolFix(config, 'ffprobePath'))];
  }
  return [ok(`ffprobe ${parseToolVersion(version.output)}`, 'reads sources')];
};

/** The Debian package of each template font. */
export const FONT_PACKAGES: Record<string, string> = {
  'League Spartan': 'fonts-league-spartan',
  Inter: 'fonts-inter',
  'Bebas Neue': 'fonts-bebas-neue',
  'Open Sans': 'fonts-open-sans',
  Lato: 'fonts-lato',
  Roboto: 'fonts-roboto',
};

/** `fc-list : family` lines ("Inter,Inter Black") → every family name. */
export function parseFontFamilies(output: string): Set<string> {
  return new Set(
    output
      .split('\n')
      .flatMap((line) => line.split(','))
      .map((family) => family.trim())
      .filter(Boolean),
  );
}

export const checkFonts: Check = async (_config, probe) => {
  const wanted = [...new Set(TEMPLATES.map((template) => template.font))];
  const listed = await probe.run('fc-list', [':', 'family']);
  if (!listed.found) {
    return [problem('fonts', 'fontconfig (fc-list) is not installed', 'apt-get install fontconfig', false)];
  }
  const installed = parseFontFamilies(listed.output);
  const missing = wanted.filter((font) => !installed.has(font));
  if (missing.length > 0) {
    const packages = missing.map((font) => FONT_PACKAGES[font]).filter(Boolean);
    return [
      problem(
        'fonts',
        `caption templates fall back to another font without ${missing.join(', ')}`,
        packages.length > 0
          ? `apt-get install ${packages.join(' ')}`
          : `install the fonts ${missing.join(', ')}`,
        false,
      ),
    ];
  }
  return [ok('fonts', `${wanted.join(', ')} (every caption template)`, false)];
};

const POCKETSPHINX_FILES = ['en-us', 'en-us.lm.bin', 'cmudict-en-us.dict'];

async function pocketsphinxCheck(probe: DoctorProbe, required: boolean): Promise<CheckResult> {
  const name = 'pocketsphinx';
  const binary = await probe.which('pocketsphinx_continuous');
  if (!binary) {
    return problem(name, 'not installed', 'apt-get install pocketsphinx pocketsphinx-en-us', required);
  }
  for (const file of POCKETSPHINX_FILES) {
    if (!(await probe.exists(path.join(POCKETSPHINX_MODEL_DIR, file)))) {
      return problem(
        name,
        `the en-us model is missing (${POCKETSPHINX_MODEL_DIR})`,
        'apt-get install pocketsphinx-en-us',
        required,
      );
    }
  }
  return ok(name, 'offline English recogniser with its en-us model', required);
}

async function whisperCheck(config: Config, probe: DoctorProbe, required: boolean): Promise<CheckResult> {
  const model = findWhisperModel(config.whisperModel);
  const name = `whisper model "${config.whisperModel}"`;
  if (!model) {
    return problem(
      name,
      'is not a known model',
      `set CLIPFORGE_WHISPER_MODEL to one of: ${WHISPER_MODELS.map((known) => known.name).join(', ')}`,
      required,
    );
  }
  const file = modelPath(path.join(config.dataDir, 'models'), model);
  if (!(await probe.exists(file))) {
    return problem(name, `not installed (${file})`, `clipforge models pull ${model.name}`, required);
  }
  return ok(name, file, required);
}

/**
 * The whisper.cpp build: reported when CLIPFORGE_WHISPER_GPU names a GPU build (the user installs it), and for the
 * CPU build only when it cannot load (a platform without a prebuilt one).
 */
async function whisperBuildCheck(
  config: Config,
  probe: DoctorProbe,
  required: boolean,
): Promise<CheckResult[]> {
  const gpu = config.whisperGpu;
  const name = gpu === 'none' ? 'whisper.cpp' : `whisper.cpp ${gpu} build`;
  const failure = await probe.whisperBinding(gpu);
  if (failure === undefined) return gpu === 'none' ? [] : [ok(name, whisperBindingPackage(gpu), required)];
  return [
    problem(
      name,
      failure,
      gpu === 'none'
        ? 'set CLIPFORGE_TRANSCRIBER=pocketsphinx or openai'
        : `npm install ${whisperBindingPackage(gpu)}@${WHISPER_BINDING_VERSION}, or unset CLIPFORGE_WHISPER_GPU`,
      required,
    ),
  ];
}

/**
 * The recognisers the configured CLIPFORGE_TRANSCRIBER can use. With `auto`, either whisper or pocketsphinx is
 * enough: each is optional, and only having neither is a failure.
 */
export const checkRecognisers: Check = async (config, probe) => {
  switch (config.transcriber) {
    case 'whisper':
      return [await whisperCheck(config, probe, true), ...(await whisperBuildCheck(config, probe, true))];
    case 'pocketsphinx':
      return [await pocketsphinxCheck(probe, true)];
    case 'openai':
      return [
        config.openaiBaseUrl
          ? ok('OpenAI-compatible transcription', config.openaiBaseUrl)
          : problem(
              'OpenAI-compatible transcription',
              'CLIPFORGE_TRANSCRIBER=openai needs an endpoint',
              'set CLIPFORGE_OPENAI_BASE_URL (and CLIPFORGE_OPENAI_API_KEY)',
            ),
      ];
    case 'auto': {
      const results = [
        await whisperCheck(config, probe, false),
        ...(await whisperBuildCheck(config, probe, false)),
        await pocketsphinxCheck(probe, false),
      ];
      if (results.some((result) => result.ok)) return results;
      return [
        ...results,
        problem(
          'speech recognition',
          'no recogniser is usable',
          `clipforge models pull ${config.whisperModel}, or apt-get install pocketsphinx pocketsphinx-en-us`,
        ),
      ];
    }
  }
};

/** Optional: only YouTube sources need it, and they need a current release. */
export const checkYtDlp: Check = async (config, probe) => {
  const result = await probe.run(config.ytDlpPath, ['--version']);
  const name = 'yt-dlp';
  if (!result.found || !result.ok) {
    return [problem(name, 'not found (needed for YouTube URLs only)', 'apt-get install yt-dlp', false)];
  }
  const version = result.output.trim();
  if (Number(version.slice(0, 4)) < 2024) {
    return [
      problem(
        `yt-dlp ${version}`,
        'too old for YouTube',
        'install a current release (pipx install yt-dlp) and set CLIPFORGE_YTDLP_PATH',
        false,
      ),
    ];
  }
  return [ok(`yt-dlp ${version}`, 'for YouTube URLs', false)];
};

/** postgres://user:secret@host/db → postgres://user@host/db, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

export const checkDatabase: Check = async (config, probe) => {
  if (config.databaseUrl) {
    const where = redactUrl(config.databaseUrl);
    try {
      const version = await probe.queryDatabase(config.databaseUrl);
      return [ok(`database: PostgreSQL ${version}`, where)];
    } catch (error) {
      return [
        problem(
          'database: PostgreSQL',
          `cannot query ${where}: ${(error as Error).message}`,
          'start PostgreSQL or correct DATABASE_URL (postgres://user@host:5432/db)',
        ),
      ];
    }
  }
  const dir = path.join(config.dataDir, 'db');
  const writable = await probe.writable(dir);
  return writable.ok
    ? [ok('database: embedded PGlite', dir)]
    : [
        problem(
          'database: embedded PGlite',
          `${dir}: ${writable.reason}`,
          'set CLIPFORGE_DATA_DIR (or --data-dir) to a writable directory',
        ),
      ];
};

/** What to do about a failed HeadBucket, from the SDK's error. */
export function bucketFix(config: Config, error: unknown): { detail: string; fix: string } {
  const failure = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  const bucket = config.s3Bucket ?? '';
  const where = config.s3Endpoint ?? `AWS S3 (${config.s3Region})`;
  if (status === 404 || failure.name === 'NotFound' || failure.name === 'NoSuchBucket')
    return {
      detail: `bucket "${bucket}" does not exist at ${where}`,
      fix: `create it (aws s3 mb s3://${bucket}${config.s3Endpoint ? ` --endpoint-url ${config.s3Endpoint}` : ''}), or set CLIPFORGE_S3_BUCKET to an existing bucket`,
    };
  if (status === 403 || status === 401 || failure.name === 'CredentialsProviderError')
    return {
      detail: `bucket "${bucket}" at ${where} refused these credentials (${failure.name ?? 'access denied'})`,
      fix: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or an instance role) to credentials that may read, write and list the bucket',
    };
  if (status === 301 || failure.name === 'PermanentRedirect')
    return {
      detail: `bucket "${bucket}" is in another region than ${config.s3Region}`,
      fix: "set CLIPFORGE_S3_REGION to the bucket's region",
    };
  return {
    detail: `bucket "${bucket}" at ${where} is unreachable: ${failure.message || failure.name || String(error)}`,
    fix: `check that ${config.s3Endpoint ? `CLIPFORGE_S3_ENDPOINT (${config.s3Endpoint})` : 'AWS S3'} answers from this host; for MinIO and local servers also set CLIPFORGE_S3_FORCE_PATH_STYLE=true`,
  };
}

/** Where rendered files, uploads and assets live: the data dir, or a bucket (the data dir is then scratch). */
export const checkStorage: Check = async (config, probe) => {
  const writable = await probe.writable(config.dataDir);
  const name = config.storage === 'local' ? 'storage: local' : 'scratch: data dir';
  const results = [
    writable.ok
      ? ok(name, config.dataDir)
      : problem(
          name,
          `${config.dataDir}: ${writable.reason}`,
          'set CLIPFORGE_DATA_DIR (or --data-dir) to a writable directory',
        ),
  ];
  if (config.storage === 's3') {
    const target = `s3://${config.s3Bucket}/${config.s3Prefix}`;
    try {
      await probe.headBucket(config);
      results.push(ok('storage: s3', `${target} (${config.s3Endpoint ?? config.s3Region})`));
    } catch (error) {
      const { detail, fix } = bucketFix(config, error);
      results.push(problem('storage: s3', detail, fix));
    }
  }
  return results;
};

/** Which ONNX runtime runs the VAD and the active-speaker model (CLIPFORGE_ONNX_RUNTIME). */
export const checkOnnxRuntime: Check = async (_config, probe) => {
  const name = 'ONNX runtime';
  let runtime: Awaited<ReturnType<DoctorProbe['onnxRuntime']>>;
  try {
    runtime = await probe.onnxRuntime();
  } catch (error) {
    const fix = `${NATIVE_RUNTIME_INSTALL} beside ClipForge, or set CLIPFORGE_ONNX_RUNTIME to auto or wasm`;
    return [problem(name, (error as Error).message, fix)];
  }
  if (runtime.kind === 'native') return [ok(name, `${runtime.name}, native`)];
  const faster = `the active-speaker camera takes a quarter of the CPU on onnxruntime-node: ${NATIVE_RUNTIME_INSTALL}`;
  if (runtime.nativeFailure) {
    const fix = `reinstall it (${NATIVE_RUNTIME_INSTALL}), or set CLIPFORGE_ONNX_RUNTIME=wasm`;
    return [problem(name, `${runtime.name}, WebAssembly: ${runtime.nativeFailure}`, fix, false)];
  }
  return [ok(name, `${runtime.name}, WebAssembly (${faster})`, false)];
};

export const CHECKS: readonly Check[] = [
  checkFfmpeg,
  checkFfprobe,
  checkFonts,
  checkRecognisers,
  checkOnnxRuntime,
  checkYtDlp,
  checkDatabase,
  checkStorage,
];

export async function runChecks(config: Config, probe: DoctorProbe, checks = CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(...(await check(config, probe)));
  return results;
}

/** One line per check: `ok`, or what is wrong and the command that fixes it. */
export function formatReport(results: readonly CheckResult[]): string {
  const lines = results.map((result) => {
    const mark = result.ok ? 'ok  ' : result.required ? 'FAIL' : 'warn';
    const text = `${mark}  ${result.name} — ${result.detail}`;
    return result.fix ? `${text}\n      fix: ${result.fix}` : text;
  });
  const failed = results.filter((result) => !result.ok && result.required).length;
  const warned = results.filter((result) => !result.ok && !result.required).length;
  lines.push(
    failed > 0
      ? `${failed} required check(s) failed${warned ? `, ${warned} warning(s)` : ''}`
      : `ClipForge is ready${warned ? ` (${warned} warning(s))` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export function hasFailures(results: readonly CheckResult[]): boolean {
  return results.some((result) => !result.ok && result.required);
}
