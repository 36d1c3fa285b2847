import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PipelineError } from '../../domain/errors.ts';
import type { Word } from '../../domain/transcript.ts';
import { findWhisperModel, modelPath } from '../models.ts';
import type { TranscribeOptions, TranscriptionEngine } from './engine.ts';

// whisper.cpp through the prebuilt native bindings of whisper.node; word timings from one-word segments.
//
// ClipForge depends on the CPU binding of each platform (@fugood/node-whisper-<platform>-<arch>, optional
// dependencies that npm installs only where they match) rather than on @fugood/whisper.node, whose optional
// dependencies also pull the CUDA and Vulkan builds (246 MB on Linux x64) into every install. A GPU build is the
// user's choice: installed next to ClipForge and named by CLIPFORGE_WHISPER_GPU (README, "GPU transcription").

/** The version of the bindings in package.json's optionalDependencies; a GPU build must match it. */
export const WHISPER_BINDING_VERSION = '1.1.1';

export type WhisperGpu = 'none' | 'vulkan' | 'cuda';

/** The npm package of the whisper.cpp build for this machine. */
export function whisperBindingPackage(
  gpu: WhisperGpu,
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return `@fugood/node-whisper-${platform}-${arch}${gpu === 'none' ? '' : `-${gpu}`}`;
}

interface TranscribeResult {
  segments: WhisperSegment[];
  isAborted: boolean;
}

interface WhisperContext {
  transcribeFile(
    filePath: string,
    options: {
      language?: string;
      maxLen?: number;
      tokenTimestamps?: boolean;
      maxThreads?: number;
      onProgress?: (percent: number) => void;
    },
  ): { stop(): Promise<void>; promise: Promise<TranscribeResult> };
  release(): Promise<void>;
}

/** What the native module of a whisper.node binding exports (the part ClipForge uses). */
interface WhisperBinding {
  WhisperContext: new (options: { filePath: string; useGpu: boolean }) => WhisperContext;
}

/** Loads the binding, or says which package to install. */
export function loadWhisperBinding(gpu: WhisperGpu): WhisperBinding {
  const name = whisperBindingPackage(gpu);
  try {
    return createRequire(import.meta.url)(name) as WhisperBinding;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
    const reason = missing ? `${name} is not installed` : (error as Error).message;
    throw new PipelineError(
      gpu === 'none'
        ? `whisper.cpp cannot run here (${reason}): it has prebuilt builds for Linux, macOS and Windows on x64 and arm64 only`
        : `CLIPFORGE_WHISPER_GPU=${gpu} needs ${name} (${reason}); install it next to ClipForge: npm install ${name}@${WHISPER_BINDING_VERSION}`,
      { cause: error },
    );
  }
}

interface WhisperSegment {
  text: string;
  /** milliseconds: whisper.node multiplies whisper.cpp's centiseconds by ten */
  t0: number;
  t1: number;
}

/** whisper.cpp with max_len=1 and token timestamps yields one segment per word (times in milliseconds). */
export function wordsFromSegments(segments: readonly WhisperSegment[]): Word[] {
  const words: Word[] = [];
  for (const segment of segments) {
    const text = segment.text.trim();
    if (!text || /^\[.*\]$/.test(text)) continue;
    const word = { text, start: segment.t0 / 1000, end: segment.t1 / 1000 };
    // whisper splits some words into several tokens; a piece without a leading space continues the word
    const last = words[words.length - 1];
    if (last && !segment.text.startsWith(' ')) {
      last.text += text;
      last.end = word.end;
      continue;
    }
    words.push(word);
  }
  return words;
}

export async function requireWhisperModel(modelsDir: string, name: string): Promise<string> {
  const model = findWhisperModel(name);
  if (!model) throw new PipelineError(`Unknown whisper model "${name}"`);
  const file = modelPath(modelsDir, model);
  try {
    await access(file);
  } catch {
    throw new PipelineError(`Whisper model "${name}" is not installed; run: clipforge models pull ${name}`);
  }
  return file;
}

export class WhisperEngine implements TranscriptionEngine {
  readonly name = 'whisper' as const;

  constructor(
    private readonly modelsDir: string,
    private readonly modelName: string,
    private readonly threads: number,
    private readonly gpu: WhisperGpu = 'none',
  ) {}

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<Word[]> {
    const filePath = await requireWhisperModel(this.modelsDir, this.modelName);
    const { WhisperContext } = loadWhisperBinding(this.gpu);
    options.signal.throwIfAborted();
    let context: WhisperContext;
    try {
      context = new WhisperContext({ filePath, useGpu: this.gpu !== 'none' });
    } catch (error) {
      throw new PipelineError(
        `Whisper model file ${filePath} could not be loaded (${(error as Error).message}); it may be damaged or ` +
          `incomplete: delete it and run \`clipforge models pull ${this.modelName}\``,
        { cause: error },
      );
    }
    // whisper.cpp measures progress in its 30 s windows: audio shorter than one reports up to 30 s / its length
    // (469 % for 6.4 s), so progress is capped at the end. whisper.node delivers it through a queue that may still
    // hold calls when the job has settled: only progress forward, and none after the end.
    let settled = false;
    let reached = 0;
    const onProgress = (percent: number) => {
      const fraction = Math.min(1, percent / 100);
      if (settled || fraction <= reached) return;
      reached = fraction;
      options.onProgress?.(reached);
    };
    try {
      const job = context.transcribeFile(wavPath, {
        language: options.language,
        maxLen: 1,
        tokenTimestamps: true,
        maxThreads: this.threads,
        onProgress,
      });
      // whisper.node 1.1.1 leaves the promise pending when its worker fails or is stopped (its error callback
      // gets one argument where the promise wants two), and stop() only raises a flag whisper.cpp never reads
      // for whisper: an abort is answered here, at once, and the native run ends by itself (at most one chunk)
      const result = await new Promise<TranscribeResult>((resolve, reject) => {
        const onAbort = () => {
          // the abort is the answer: a stop that fails to raise its flag changes nothing of it
          job.stop().catch(() => undefined);
          reject(options.signal.reason ?? new Error('aborted'));
        };
        if (options.signal.aborted) onAbort();
        options.signal.addEventListener('abort', onAbort, { once: true });
        job.promise.then(resolve, reject).finally(() => options.signal.removeEventListener('abort', onAbort));
      }).finally(() => {
        settled = true;
      });
      if (options.signal.aborted || result.isAborted) throw options.signal.reason ?? new Error('aborted');
      return wordsFromSegments(result.segments);
    } finally {
      await context.release();
    }
  }
}
