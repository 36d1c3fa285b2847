import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silenceDetectArgs, wavSliceArgs } from '../../media/audio.ts';
import { runProcess } from '../../media/process.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { TranscriptionEngine } from '../../engines/transcription/engine.ts';
import type { Word } from '../../domain/transcript.ts';
import { mapInLanes } from '../lanes.ts';

// Long audio is cut at silences into chunks recognised in parallel; timestamps are shifted back to absolute.

export interface Silence {
  start: number;
  end: number;
}

export interface Chunk {
  start: number;
  end: number;
}

/** Parses ffmpeg silencedetect lines ("silence_start: 12.3", "silence_end: 13.1 | silence_duration: 0.8"). */
export function parseSilences(stderr: string): Silence[] {
  const silences: Silence[] = [];
  let start: number | undefined;
  for (const line of stderr.split('\n')) {
    const opened = /silence_start: (-?[\d.]+)/.exec(line);
    if (opened) start = Math.max(0, Number(opened[1]));
    const closed = /silence_end: ([\d.]+)/.exec(line);
    if (closed && start !== undefined) {
      silences.push({ start, end: Number(closed[1]) });
      start = undefined;
    }
  }
  return silences;
}

/**
 * Chooses cut points in the middle of silences so chunks are about `target` seconds and never over `max`
 * (a chunk with no silence inside is cut hard at `max`).
 */
export function planChunks(silences: readonly Silence[], duration: number, target = 60, max = 120): Chunk[] {
  if (duration <= max) return [{ start: 0, end: duration }];
  const chunks: Chunk[] = [];
  let start = 0;
  while (duration - start > max) {
    const candidates = silences
      .map((silence) => (silence.start + silence.end) / 2)
      .filter((middle) => middle > start + target / 2 && middle <= start + max);
    const cut = candidates.length
      ? candidates.reduce((best, middle) =>
          Math.abs(middle - start - target) < Math.abs(best - start - target) ? middle : best,
        )
      : start + max;
    chunks.push({ start, end: cut });
    start = cut;
  }
  chunks.push({ start, end: duration });
  return chunks;
}

export interface SpeechChunkSettings {
  /** speech regions closer than this are recognised together (a sentence's own pauses stay in) */
  mergeGapSeconds: number;
  /** whisper's own window: a chunk never carries context across more than this */
  maxChunkSeconds: number;
  /** a little audio either side, so a word's onset and release are not clipped */
  padSeconds: number;
}

export const SPEECH_CHUNKS: SpeechChunkSettings = {
  mergeGapSeconds: 1.5,
  maxChunkSeconds: 30,
  padSeconds: 0.2,
};

/**
 * Chunks that hold the speech and nothing else, for a recogniser that invents words in silence (whisper):
 * regions closer than the merge gap are joined while the chunk stays under the cap, a single region longer than
 * the cap is split evenly, and each chunk is padded — never into its neighbour nor outside the audio. Audio with
 * no speech gives no chunks.
 */
export function planSpeechChunks(
  regions: readonly { start: number; end: number }[],
  duration: number,
  settings: SpeechChunkSettings = SPEECH_CHUNKS,
): Chunk[] {
  const spans: Chunk[] = [];
  for (const region of [...regions].sort((a, b) => a.start - b.start)) {
    const start = Math.max(0, region.start);
    const end = Math.min(duration, region.end);
    if (end <= start) continue;
    const last = spans[spans.length - 1];
    if (
      last &&
      start - last.end <= settings.mergeGapSeconds &&
      end - last.start <= settings.maxChunkSeconds
    ) {
      last.end = Math.max(last.end, end);
      continue;
    }
    const pieces = Math.ceil((end - start) / settings.maxChunkSeconds);
    const length = (end - start) / pieces;
    for (let i = 0; i < pieces; i++) spans.push({ start: start + i * length, end: start + (i + 1) * length });
  }
  return spans.map((span, i) => {
    const before = i > 0 ? (spans[i - 1].end + span.start) / 2 : 0;
    const after = i + 1 < spans.length ? (span.end + spans[i + 1].start) / 2 : duration;
    return {
      start: round3(Math.max(before, span.start - settings.padSeconds)),
      end: round3(Math.min(after, span.end + settings.padSeconds)),
    };
  });
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

export async function detectSilences(
  wavPath: string,
  ffmpeg: string,
  signal: AbortSignal,
): Promise<Silence[]> {
  const { stderr } = await runProcess(ffmpeg, silenceDetectArgs(wavPath), { signal });
  return parseSilences(stderr);
}

export interface ChunkedRequest {
  wavPath: string;
  duration: number;
  engine: TranscriptionEngine;
  language: string;
  concurrency: number;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
  tools: MediaTools;
  /** pauses already found by voice activity; without them ffmpeg's silence detector looks for silences */
  pauses?: readonly Silence[];
}

/**
 * Chunk length that keeps every lane equally busy: the audio split into a multiple of `lanes` chunks of at
 * most about `longest` seconds (each recogniser start costs a model load, so fewer, longer chunks are cheaper).
 */
export function balancedChunkSeconds(duration: number, lanes: number, longest = 150): number {
  const rounds = Math.max(1, Math.ceil(duration / (lanes * longest)));
  return duration / (lanes * rounds);
}

export async function transcribeInChunks(req: ChunkedRequest): Promise<Word[]> {
  const target = balancedChunkSeconds(req.duration, req.concurrency);
  const chunks = planChunks(
    req.pauses ?? (await detectSilences(req.wavPath, req.tools.ffmpeg, req.signal)),
    req.duration,
    target,
    target * 1.3,
  );
  return transcribeChunks(req, chunks);
}

/**
 * A word kept inside the audio it was heard in: whisper pads every window to 30 s and may time the last word
 * up to the window's end, past the chunk's.
 */
function clampWord(word: Word, start: number, end: number): Word {
  const from = Math.min(Math.max(word.start, start), end);
  return { ...word, start: from, end: Math.min(Math.max(word.end, from), end) };
}

/** Recognises the given stretches of the audio only; words are shifted back to the whole file's time. */
export async function transcribeChunks(
  req: Omit<ChunkedRequest, 'pauses'>,
  chunks: readonly Chunk[],
): Promise<Word[]> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.end - chunk.start, 0);
  const done = new Array(chunks.length).fill(0);
  const report = () => req.onProgress?.(total > 0 ? done.reduce((a, b) => a + b, 0) / total : 1);
  if (chunks.length === 0) {
    report();
    return [];
  }
  if (chunks.length === 1 && chunks[0].start <= 0 && chunks[0].end >= req.duration) {
    const words = await req.engine.transcribe(req.wavPath, {
      language: req.language,
      signal: req.signal,
      onProgress: req.onProgress,
    });
    return words.map((word) => clampWord(word, 0, req.duration));
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'clipforge-chunks-'));
  try {
    const perChunk = await mapInLanes(chunks, req.concurrency, async (chunk, index) => {
      const file = path.join(dir, `chunk-${index}.wav`);
      await runProcess(req.tools.ffmpeg, wavSliceArgs(req.wavPath, chunk.start, chunk.end, file), {
        signal: req.signal,
      });
      const length = chunk.end - chunk.start;
      const words = await req.engine.transcribe(file, {
        language: req.language,
        signal: req.signal,
        onProgress: (fraction) => {
          done[index] = fraction * length;
          report();
        },
      });
      done[index] = length;
      report();
      await rm(file, { force: true });
      return words.map((word) =>
        clampWord(
          { ...word, start: word.start + chunk.start, end: word.end + chunk.start },
          chunk.start,
          chunk.end,
        ),
      );
    });
    return perChunk.flat();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
