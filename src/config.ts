import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

// One configuration, parsed once from the environment and command-line flags (flags win).

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const flag = (fallback: boolean) =>
  z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .default(fallback)
    .transform((value) => value === true || value === 'true' || value === '1');

export const ConfigSchema = z
  .object({
    dataDir: z.string().default('./clipforge-data'),
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    publicUrl: optionalString,
    databaseUrl: optionalString,
    networkAllowlist: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((cidr) => cidr.trim())
          .filter(Boolean),
      ),
    workers: z.coerce.number().int().min(0).default(1),
    /** transcription engine: auto | whisper | pocketsphinx | openai */
    transcriber: z.enum(['auto', 'whisper', 'pocketsphinx', 'openai']).default('auto'),
    whisperModel: z.string().default('base'),
    /** a GPU build of whisper.cpp the user installed (README, "GPU transcription"); none = the CPU build */
    whisperGpu: z.enum(['none', 'vulkan', 'cuda']).default('none'),
    /** where `models pull` and first-use downloads fetch recogniser models (default: their public home) */
    modelsUrl: optionalString,
    openaiBaseUrl: optionalString,
    openaiApiKey: optionalString,
    openaiTranscribeModel: z.string().default('whisper-1'),
    llmBaseUrl: optionalString,
    llmApiKey: optionalString,
    llmModel: z.string().default('gpt-4o-mini'),
    translateBaseUrl: optionalString,
    /** music, game videos and meme hooks (default <dataDir>/assets) */
    assetsDir: optionalString,
    ytDlpPath: z.string().default('yt-dlp'),
    ffmpegPath: z.string().default('ffmpeg'),
    ffprobePath: z.string().default('ffprobe'),
    maxDownloadBytes: positiveInt(4 * 1024 ** 3),
    downloadTimeoutSeconds: positiveInt(30 * 60),
    jobTimeoutMinutes: positiveInt(45),
    concurrency: positiveInt(Math.max(1, os.availableParallelism())),
    /** CPU niceness of the job and catalogue processes and every tool they start (0 = as the API, 19 = last) */
    backgroundNiceness: z.coerce.number().int().min(0).max(19).default(10),
    /** multiplies every rate limit and cap (benchmarks raise them) */
    rateLimitScale: z.coerce.number().positive().default(1),
    /** multiplies the webhook retry delays (1 = the documented schedule; tests shorten it) */
    webhookDelayScale: z.coerce.number().positive().default(1),
    /** libx264 speed/quality trade-off for rendered shorts */
    x264Preset: z
      .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'])
      .default('ultrafast'),
    /** where rendered files, uploads and (for resuming on another host) checkpoints are kept */
    storage: z.enum(['local', 's3']).default('local'),
    s3Bucket: optionalString,
    s3Endpoint: optionalString,
    s3Region: z.string().default('us-east-1'),
    s3ForcePathStyle: flag(false),
    /** key prefix inside the bucket, always ending in "/" when set */
    s3Prefix: optionalString.transform((value) => (value ? `${value.replace(/^\/+|\/+$/g, '')}/` : '')),
    /** downloads as presigned S3 URLs (true) or proxied through ClipForge's own signed URLs (false) */
    s3Presign: flag(true),
    /** rendered files of requests older than this many days are removed; 0 keeps them forever */
    retentionDays: z.coerce.number().min(0).default(0),
  })
  .superRefine((config, context) => {
    if (config.storage === 's3' && !config.s3Bucket)
      context.addIssue({
        code: 'custom',
        path: ['s3Bucket'],
        message: 'is required when CLIPFORGE_STORAGE=s3',
      });
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Environment variable behind each setting (spec §9 names where the spec gives one). */
export const ENV_NAMES: Record<keyof Config, string> = {
  dataDir: 'CLIPFORGE_DATA_DIR',
  host: 'HOST',
  port: 'PORT',
  publicUrl: 'CLIPFORGE_PUBLIC_URL',
  databaseUrl: 'DATABASE_URL',
  networkAllowlist: 'CLIPFORGE_NETWORK_ALLOWLIST',
  workers: 'CLIPFORGE_WORKERS',
  transcriber: 'CLIPFORGE_TRANSCRIBER',
  whisperModel: 'CLIPFORGE_WHISPER_MODEL',
  whisperGpu: 'CLIPFORGE_WHISPER_GPU',
  modelsUrl: 'CLIPFORGE_MODELS_URL',
  openaiBaseUrl: 'CLIPFORGE_OPENAI_BASE_URL',
  openaiApiKey: 'CLIPFORGE_OPENAI_API_KEY',
  openaiTranscribeModel: 'CLIPFORGE_OPENAI_TRANSCRIBE_MODEL',
  llmBaseUrl: 'CLIPFORGE_LLM_BASE_URL',
  llmApiKey: 'CLIPFORGE_LLM_API_KEY',
  llmModel: 'CLIPFORGE_LLM_MODEL',
  translateBaseUrl: 'CLIPFORGE_TRANSLATE_BASE_URL',
  assetsDir: 'CLIPFORGE_ASSETS_DIR',
  ytDlpPath: 'CLIPFORGE_YTDLP_PATH',
  ffmpegPath: 'CLIPFORGE_FFMPEG_PATH',
  ffprobePath: 'CLIPFORGE_FFPROBE_PATH',
  maxDownloadBytes: 'CLIPFORGE_MAX_DOWNLOAD_BYTES',
  downloadTimeoutSeconds: 'CLIPFORGE_DOWNLOAD_TIMEOUT_SECONDS',
  jobTimeoutMinutes: 'CLIPFORGE_JOB_TIMEOUT_MINUTES',
  concurrency: 'CLIPFORGE_CONCURRENCY',
  backgroundNiceness: 'CLIPFORGE_BACKGROUND_NICENESS',
  x264Preset: 'CLIPFORGE_X264_PRESET',
  webhookDelayScale: 'CLIPFORGE_WEBHOOK_DELAY_SCALE',
  rateLimitScale: 'CLIPFORGE_RATE_LIMIT_SCALE',
  storage: 'CLIPFORGE_STORAGE',
  s3Bucket: 'CLIPFORGE_S3_BUCKET',
  s3Endpoint: 'CLIPFORGE_S3_ENDPOINT',
  s3Region: 'CLIPFORGE_S3_REGION',
  s3ForcePathStyle: 'CLIPFORGE_S3_FORCE_PATH_STYLE',
  s3Prefix: 'CLIPFORGE_S3_PREFIX',
  s3Presign: 'CLIPFORGE_S3_PRESIGN',
  retentionDays: 'CLIPFORGE_RETENTION_DAYS',
};

/** A setting that cannot be used; its message names the variable and says what is wrong. */
export class InvalidSettingError extends Error {}

export function loadConfig(
  flags: Partial<Record<keyof Config, unknown>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(ENV_NAMES)) {
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') raw[key] = fromEnv;
  }
  for (const [key, value] of Object.entries(flags)) {
    if (value !== undefined) raw[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]) as keyof Config;
    throw new InvalidSettingError(`Invalid setting ${ENV_NAMES[key] ?? key}: ${issue.message}`);
  }
  const config = parsed.data;
  config.dataDir = path.resolve(config.dataDir);
  config.assetsDir = path.resolve(config.assetsDir ?? path.join(config.dataDir, 'assets'));
  return config;
}

export function publicBaseUrl(config: Config): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/, '');
}
