import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../media/process.ts';
import { parseWavHeader } from '../media/wav.ts';

// Speech with exact word timings: each word is synthesised by espeak-ng on its own (cached), trimmed of
// silence, and laid end to end with short gaps, so the position of every word in the audio is known exactly.

export const SAMPLE_RATE = 22050;

export interface Voice {
  name: string;
  /** espeak-ng voice with variant, e.g. en-us+m3 */
  voice: string;
  speed: number;
  pitch: number;
}

export const VOICES: Voice[] = [
  { name: 'host', voice: 'en-us+m3', speed: 165, pitch: 42 },
  { name: 'guest', voice: 'en-us+f2', speed: 172, pitch: 58 },
];

const SILENCE_THRESHOLD = 400;
const EDGE_KEEP_SAMPLES = Math.round(SAMPLE_RATE * 0.01);

/** The sounding part of a clip: from the first to the last sample louder than the threshold. */
export function trimSilence(samples: Int16Array): Int16Array {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]) < SILENCE_THRESHOLD) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]) < SILENCE_THRESHOLD) last--;
  if (first >= last) return new Int16Array(0);
  return samples.slice(
    Math.max(0, first - EDGE_KEEP_SAMPLES),
    Math.min(samples.length, last + EDGE_KEEP_SAMPLES + 1),
  );
}

export function pcmFromWav(wav: Buffer): Int16Array {
  const { dataOffset, dataBytes } = parseWavHeader(wav);
  const bytes = Math.min(dataBytes || wav.length - dataOffset, wav.length - dataOffset);
  const copy = Buffer.from(wav.subarray(dataOffset, dataOffset + bytes - (bytes % 2)));
  return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
}

export function wavFromPcm(samples: Int16Array, sampleRate = SAMPLE_RATE): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples.length * 2, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples.length * 2, 40);
  return Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.length * 2)]);
}

/** Synthesises words with a cache per (voice, word) and a bounded number of espeak-ng processes at once. */
export class WordSynthesizer {
  private readonly cache = new Map<string, Promise<Int16Array>>();
  private dir: Promise<string> | undefined;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly signal?: AbortSignal,
    private readonly parallel = Math.max(2, os.availableParallelism()),
  ) {}

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.parallel) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  word(voice: Voice, text: string): Promise<Int16Array> {
    const key = `${voice.voice}|${voice.speed}|${voice.pitch}|${text}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.slot(async () => {
        this.dir ??= mkdtemp(path.join(os.tmpdir(), 'clipforge-voice-'));
        const file = path.join(
          await this.dir,
          `${this.cache.size}-${Math.random().toString(36).slice(2)}.wav`,
        );
        await runProcess(
          'espeak-ng',
          ['-v', voice.voice, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', file, '--', text],
          { signal: this.signal },
        );
        const samples = trimSilence(pcmFromWav(await readFile(file)));
        await rm(file, { force: true });
        return samples;
      });
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** Waits for synthesis still under way (prefetched words), then removes the scratch directory. */
  async close(): Promise<void> {
    await Promise.allSettled(this.cache.values());
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }
}
