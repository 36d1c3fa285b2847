import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../../domain/errors.ts';
import type { Word } from '../../domain/transcript.ts';
import type { TranscribeOptions, TranscriptionEngine } from './engine.ts';

// Any OpenAI-compatible /v1/audio/transcriptions endpoint, asked for word timestamps.

export interface OpenAiTranscriptionConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

interface VerboseTranscription {
  words?: Array<{ word?: string; start?: number; end?: number }>;
  segments?: Array<{ text?: string; start?: number; end?: number }>;
}

/** Words from a verbose_json answer; when it has only segments, words are spread over each segment by length. */
export function wordsFromVerboseJson(body: VerboseTranscription): Word[] {
  if (body.words?.length) {
    return body.words
      .filter((w) => typeof w.word === 'string' && Number.isFinite(w.start) && Number.isFinite(w.end))
      .map((w) => ({ text: (w.word as string).trim(), start: w.start as number, end: w.end as number }))
      .filter((w) => w.text.length > 0);
  }
  return (body.segments ?? []).flatMap((segment) =>
    spreadWords(segment.text ?? '', segment.start ?? 0, segment.end ?? 0),
  );
}

/** Splits `text` into words timed across [start, end] in proportion to their length. */
export function spreadWords(text: string, start: number, end: number): Word[] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const total = tokens.reduce((sum, token) => sum + token.length, 0);
  let cursor = start;
  return tokens.map((token) => {
    const length = total ? ((end - start) * token.length) / total : 0;
    const word = { text: token, start: cursor, end: cursor + length, span: { start, end } };
    cursor += length;
    return word;
  });
}

export class OpenAiTranscriptionEngine implements TranscriptionEngine {
  readonly name = 'openai' as const;

  constructor(private readonly config: OpenAiTranscriptionConfig) {}

  async transcribe(wavPath: string, options: TranscribeOptions): Promise<Word[]> {
    const form = new FormData();
    form.append('file', new Blob([await readFile(wavPath)], { type: 'audio/wav' }), path.basename(wavPath));
    form.append('model', this.config.model);
    form.append('language', options.language);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    const url = `${this.config.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        body: form,
        headers: this.config.apiKey ? { Authorization: `Bearer ${this.config.apiKey}` } : {},
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new PipelineError(`The transcription service could not be reached: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 200);
      throw new PipelineError(`The transcription service answered HTTP ${response.status}: ${detail}`);
    }
    options.onProgress?.(1);
    return wordsFromVerboseJson((await response.json()) as VerboseTranscription);
  }
}
