import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/probe.ts';
import { runProcess } from '../../media/process.ts';
import { patternOver } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import type { Word } from '../../domain/transcript.ts';
import { tightenSpan } from './index.ts';

// Tightening real footage with ffmpeg: a "talk" of 300 Hz tone bursts (the words) and 1.5 s silences, checked
// against where the bursts really are in the tightened clip, and the sound at a join listened to for a click.

const RATE = 16_000;
let dir: string;
const signal = new AbortController().signal;

/** A video whose sound is a 300 Hz tone inside `spans` and silence elsewhere. */
const toneTalk = (seconds: number, spans: [number, number][]) =>
  patternOver(
    `sine=f=300:d=${seconds},volume='if(${spans.map(([a, b]) => `between(t,${a},${b})`).join('+')},1,0)':eval=frame`,
    seconds,
  );

/** The clip's sound as 16 kHz mono samples, through `filter` when given. */
async function samples(file: string, filter?: string): Promise<Float32Array> {
  const raw = path.join(dir, `${path.basename(file)}-${filter ? 'filtered' : 'plain'}.f32`);
  await runProcess(TEST_TOOLS.ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-i', file],
    ...(filter ? ['-af', filter] : []),
    ...['-ac', '1', '-ar', String(RATE), '-f', 'f32le', raw],
  ]);
  const bytes = await readFile(raw);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** Where the tone starts sounding after at least 0.1 s of quiet, in seconds. */
function onsets(sound: Float32Array): number[] {
  const found: number[] = [];
  let quiet = RATE;
  for (let i = 0; i < sound.length; i++) {
    if (Math.abs(sound[i]) > 0.02) {
      if (quiet >= 0.1 * RATE) found.push(i / RATE);
      quiet = 0;
    } else quiet++;
  }
  return found;
}

const peakDb = (sound: Float32Array, from: number, to: number) => {
  let peak = 0;
  for (let i = Math.floor(from * RATE); i < Math.min(sound.length, Math.floor(to * RATE)); i++)
    peak = Math.max(peak, Math.abs(sound[i]));
  return 20 * Math.log10(peak + 1e-9);
};

const word = (text: string, start: number, end: number): Word => ({ text, start, end, confidence: 0.95 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-tighten-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('tightenSpan', () => {
  it('cuts 1.5 s pauses to 0.25 s: at least 20 % shorter, the words within 50 ms of where they sound', async () => {
    const spans: [number, number][] = [
      [0.5, 2],
      [3.5, 5],
      [6.5, 8],
      [9.5, 11],
    ];
    const video = await toneTalk(12, spans);
    const words = spans.map(([start, end], i) => word(`w${i}`, start, end));
    const span = { start: 0.3, end: 11.2 };
    const clip = await tightenSpan({
      videoPath: video,
      windowStart: 0,
      span,
      words,
      voiced: spans.map(([start, end]) => ({ start, end })),
      output: path.join(dir, 'tight.mkv'),
      tools: TEST_TOOLS,
      signal,
    });
    expect(clip.duration).toBeLessThanOrEqual(0.8 * (span.end - span.start));
    const probed = await probeMedia(clip.videoPath, TEST_TOOLS);
    expect(Math.abs(probed.duration - clip.duration)).toBeLessThan(0.1);
    const heard = onsets(await samples(clip.videoPath));
    expect(heard).toHaveLength(words.length);
    clip.words.forEach((retimed, i) => expect(Math.abs(retimed.start - heard[i])).toBeLessThan(0.05));
  });

  it('removes a sure filler inside continuous sound without a click at the join', async () => {
    const video = await toneTalk(6, [[0.5, 5]]);
    const words = [word('so', 0.5, 2), word('um', 2, 2.6), word('right', 2.6, 5)];
    const clip = await tightenSpan({
      videoPath: video,
      windowStart: 0,
      span: { start: 0.5, end: 5 },
      words,
      voiced: [{ start: 0.5, end: 5 }],
      output: path.join(dir, 'filler.mkv'),
      tools: TEST_TOOLS,
      signal,
    });
    expect(clip.words.map((w) => w.text)).toEqual(['so', 'right']);
    expect(clip.duration).toBeCloseTo(3.9, 1);
    // a click spreads far above the tone: its high frequencies at the join stand out from either side
    const high = await samples(clip.videoPath, 'highpass=f=2000,highpass=f=2000');
    const join = clip.words[1].start;
    const around = Math.max(peakDb(high, join - 0.3, join - 0.1), peakDb(high, join + 0.1, join + 0.3));
    expect(peakDb(high, join - 0.05, join + 0.05)).toBeLessThan(around + 1);
  });
});
