import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipManifest } from '../src/cli/clip.ts';
import { cameraFigures, faceShown, type CropObservation } from '../src/eval/speaker-camera.ts';
import { runProcess } from '../src/media/process.ts';
import type { TwoSpeakerTruth } from '../src/sample/two-speakers.ts';
import { runClipforge } from './helpers/cli.ts';
import { twoSpeakerTalk } from './helpers/media.ts';
import { TEST_TOOLS } from './helpers/tools.ts';

// Acceptance of the active-speaker camera: `clipforge clip` of the two-person fixture with layout auto renders a
// short whose crop follows whoever speaks. Where the crop is in each sampled frame is found by matching the
// rendered picture against the source picture of the same moment; the truth says who spoke then.

const SAMPLE_FPS = 5;
/** Pictures compared at a quarter of the source's size, in grey. */
const SCALE = 0.25;

let dir: string;
let truth: TwoSpeakerTruth;
let short: ClipManifest['shorts'][number];
let observations: CropObservation[];
let cropWidth: number;

const srtTime = (seconds: number) => {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
};

/** Grey frames of `video` at SAMPLE_FPS, `size` each, from `start` seconds. */
async function greyFrames(video: string, size: { width: number; height: number }, start = 0) {
  const chunks: Buffer[] = [];
  await runProcess(
    TEST_TOOLS.ffmpeg,
    [
      ...['-hide_banner', '-loglevel', 'error', '-ss', start.toFixed(3), '-i', video],
      ...['-vf', `fps=${SAMPLE_FPS},scale=${size.width}:${size.height}:flags=area,format=gray`],
      ...['-f', 'rawvideo', 'pipe:1'],
    ],
    { maxStdoutBytes: 0, onStdoutData: (chunk) => chunks.push(Buffer.from(chunk)) },
  );
  const all = Buffer.concat(chunks);
  const bytes = size.width * size.height;
  return Array.from({ length: Math.floor(all.length / bytes) }, (_, i) =>
    all.subarray(i * bytes, (i + 1) * bytes),
  );
}

/** The left edge of the source window (in `source` frame pixels) that looks most like the top half of `shot`. */
function bestMatch(shot: Buffer, source: Buffer, width: number, sourceWidth: number, height: number): number {
  let best = { x: 0, difference: Infinity };
  for (let x = 0; x + width <= sourceWidth; x++) {
    let difference = 0;
    for (let row = 0; row < height / 2 && difference < best.difference; row++)
      for (let col = 0; col < width; col++)
        difference += Math.abs(shot[row * width + col] - source[row * sourceWidth + x + col]);
    if (difference < best.difference) best = { x, difference };
  }
  return best.x;
}

beforeAll(async () => {
  const talk = await twoSpeakerTalk();
  truth = talk.truth;
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-speakers-'));
  const srt = path.join(dir, 'talk.srt');
  await writeFile(
    srt,
    truth.turns
      .map((turn, i) => `${i + 1}\n${srtTime(turn.start)} --> ${srtTime(turn.end)}\n${turn.text}\n`)
      .join('\n'),
  );
  const result = await runClipforge(
    [
      'clip',
      talk.videoPath,
      '--transcript',
      srt,
      '--no-clipping',
      '--layout',
      'auto',
      '--out',
      dir,
      '--json',
    ],
    { cwd: dir },
  );
  expect(result.code, result.stderr).toBe(0);
  short = (JSON.parse(result.stdout) as ClipManifest).shorts[0];
  const small = { width: Math.round(truth.width * SCALE), height: Math.round(truth.height * SCALE) };
  // the crop's share of the source width, at the compared size
  const window = { width: Math.round((small.height * short.width) / short.height), height: small.height };
  const rendered = await greyFrames(fileURLToPath(short.video_url), window);
  const source = await greyFrames(talk.videoPath, small, short.startTimestamp);
  cropWidth = window.width / SCALE;
  observations = rendered.slice(0, source.length).map((picture, i) => ({
    frame: Math.round((short.startTimestamp + i / SAMPLE_FPS) * truth.fps),
    x: bestMatch(picture, source[i], window.width, small.width, small.height) / SCALE,
  }));
}, 900_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('clipforge clip of a two-person talk with layout auto', () => {
  it('renders one vertical short over the talk', () => {
    expect(short.height).toBeGreaterThan(short.width);
    expect(observations.length).toBeGreaterThan((truth.duration - 2) * SAMPLE_FPS);
  });

  it('keeps the crop on the speaking face, switching once per turn at most, never twice within 1.5 s', () => {
    const figures = cameraFigures(truth, observations, cropWidth);
    expect(figures.onSpeaker).toBeGreaterThanOrEqual(0.9);
    expect(figures.switches).toBeGreaterThan(0);
    expect(figures.switches).toBeLessThanOrEqual(figures.turns + 1);
    expect(figures.closestSwitches ?? Infinity).toBeGreaterThanOrEqual(1.5);
  });

  it('holds the shot while both speak at once', () => {
    const both = observations.filter((observation) => truth.speaking[observation.frame] === 'both');
    expect(both.length).toBeGreaterThan(SAMPLE_FPS);
    const shown = new Set(both.map((observation) => faceShown(truth, observation.x, cropWidth)));
    expect(shown.size).toBe(1);
    expect([...shown][0]).toBeDefined();
  });
});
