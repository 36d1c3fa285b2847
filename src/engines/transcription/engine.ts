import type { Word } from '../../domain/transcript.ts';

export interface TranscribeOptions {
  language: string;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** A speech recogniser: a 16 kHz mono WAV in, timed words out (seconds from the start of the file). */
export interface TranscriptionEngine {
  readonly name: 'whisper' | 'pocketsphinx' | 'openai';
  transcribe(wavPath: string, options: TranscribeOptions): Promise<Word[]>;
}
