import { access } from 'node:fs/promises';
import { PipelineError } from '../../errors.ts';
import type { Word } from '../../pipeline/types.ts';
import { findWhisperModel, modelPath } from '../models.ts';
import type { TranscribeOptions, TranscriptionEngine } from './engine.ts';

// whisper.cpp through @fugood/whisper.node (prebuilt native binary); word timings from one-word segments.

interface WhisperSegment {
  text: string;
  /** centiseconds */
  t0: number;
  t1: number;
}

/** whisper.cpp with max_len=1 and token timestamps yields one segment per word (centisecond times). */
export function wordsFromSegments(segments: readonly WhisperSegment[]): Word[] {
  const words: Word[] = [];
  for (const segment of segments) {
    const text = segment.text.trim();
    if (!text || /^\[.*\]$/.test(text)) continue;
    const word = { text, start: segment.t0 / 100, end: segment.t1 / 100 };
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
  ) {}

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<Word[]> {
    const filePath = await requireWhisperModel(this.modelsDir, this.modelName);
    const { initWhisper } = await import('@fugood/whisper.node');
    const context = await initWhisper({ filePath, useGpu: false });
    try {
      const job = context.transcribeFile(wavPath, {
        language: options.language,
        maxLen: 1,
        tokenTimestamps: true,
        maxThreads: this.threads,
        onProgress: (percent: number) => options.onProgress?.(percent / 100),
      });
      const onAbort = () => void job.stop();
      options.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await job.promise;
        if (options.signal.aborted || result.isAborted) throw options.signal.reason ?? new Error('aborted');
        return wordsFromSegments(result.segments);
      } finally {
        options.signal.removeEventListener('abort', onAbort);
      }
    } finally {
      await context.release();
    }
  }
}
