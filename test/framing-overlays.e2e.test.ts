import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAsset } from '../src/assets/library.ts';
import { createHumanFaceDetector } from '../src/engines/faces/human.ts';
import type { FaceBox } from '../src/engines/faces/detector.ts';
import { runProcess } from '../src/media/process.ts';
import { findTemplate } from '../src/pipeline/captions/templates.ts';
import { cropSize } from '../src/pipeline/framing/filters.ts';
import { planFraming } from '../src/pipeline/framing/plan.ts';
import type { FramingPlan } from '../src/pipeline/framing/types.ts';
import {
  contentSize,
  renderShort,
  type RenderOverlays,
  type RenderRequest,
} from '../src/pipeline/render/index.ts';
import { chooseAssets, shortOverlays } from '../src/pipeline/overlays.ts';
import { DEFAULT_CLIP_OPTIONS } from '../src/domain/options.ts';
import { faceCenterAt, type GeneratedSample } from '../src/sample/generate.ts';
import { copyMedia, twoFacesApart, twoShotThenCloseUp } from './helpers/media.ts';
import { cachedSample, SHARED_SAMPLES } from './helpers/sample-cache.ts';
import { TEST_ASSETS_DIR } from './helpers/test-assets.ts';
import { TEST_TOOLS } from './helpers/tools.ts';

// Real renders checked from the output files: the detector looks at the rendered frames, pictures and sound are
// compared with renders made without the overlay.

const signal = new AbortController().signal;
const source = { width: 1920, height: 1080 };
let dir: string;
let talk: GeneratedSample;

beforeAll(async () => {
  talk = await cachedSample(SHARED_SAMPLES.talk180);
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-framing-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Frames of `file` from `at` for `seconds`, `fps` per second, as raw pixels of `size`. */
async function frames(
  file: string,
  options: {
    at: number;
    seconds: number;
    fps: number;
    size: { width: number; height: number };
    gray?: boolean;
    /** a centre crop (w:h) before scaling */
    crop?: string;
  },
): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const { width, height } = options.size;
  await runProcess(
    'ffmpeg',
    [
      ...['-v', 'error', '-ss', options.at.toFixed(3), '-t', options.seconds.toFixed(3), '-i', file],
      ...[
        '-vf',
        `fps=${options.fps},${options.crop ? `crop=${options.crop},` : ''}scale=${width}:${height},format=${options.gray ? 'gray' : 'rgb24'}`,
      ],
      ...['-f', 'rawvideo', '-'],
    ],
    { onStdoutData: (chunk) => chunks.push(chunk), maxStdoutBytes: 0 },
  );
  const all = Buffer.concat(chunks);
  const frameBytes = width * height * (options.gray ? 1 : 3);
  return Array.from({ length: Math.floor(all.length / frameBytes) }, (_, i) =>
    all.subarray(i * frameBytes, (i + 1) * frameBytes),
  );
}

/** Share of pixels in rows [top, bottom) that differ clearly between two gray frames. */
function changedShare(a: Buffer, b: Buffer, width: number, rows: [number, number]): number {
  let changed = 0;
  for (let i = rows[0] * width; i < rows[1] * width; i++) if (Math.abs(a[i] - b[i]) > 40) changed++;
  return changed / ((rows[1] - rows[0]) * width);
}

/** Mean absolute difference (0–255) of two gray frames over rows [top, bottom). */
function difference(a: Buffer, b: Buffer, width: number, rows: [number, number]): number {
  let sum = 0;
  for (let i = rows[0] * width; i < rows[1] * width; i++) sum += Math.abs(a[i] - b[i]);
  return sum / ((rows[1] - rows[0]) * width);
}

async function render(
  name: string,
  segment: { start: number; end: number },
  framing: FramingPlan,
  overlays: RenderOverlays = {},
): Promise<string> {
  const request: RenderRequest = {
    videoPath: talk.videoPath,
    ...segment,
    words: talk.truth.words
      .filter((w) => w.start >= segment.start && w.end <= segment.end)
      .map((w) => ({ text: w.text, start: w.start - segment.start, end: w.end - segment.start })),
    template: findTemplate('karaoke')!,
    layout: 'auto',
    framing,
    sourceSize: source,
    outDir: dir,
    baseName: name,
    signal,
    tools: TEST_TOOLS,
    overlays,
  };
  return (await renderShort(request)).videoPath;
}

/** `auto` framing of a segment of a 1080p video into a 9:16 short, with the real detector. */
function planAuto(videoPath: string, segment: { start: number; end: number }) {
  return planFraming({
    videoPath,
    ...segment,
    layout: 'auto',
    sourceSize: source,
    outputSize: { width: 1080, height: 1920 },
    detector: createHumanFaceDetector,
    signal,
    tools: TEST_TOOLS,
  });
}

describe('auto framing follows the speaker (detector run on the rendered output)', () => {
  it('keeps the moving face inside the crop and moves smoothly except at the scene cut', async () => {
    const segment = { start: 30, end: 52 };
    const cut = talk.truth.sceneCuts.find((c) => c > segment.start && c < segment.end)!;
    expect(cut).toBeDefined();
    // its speed is `npm run bench`'s framing figure, not a bound here (a busy machine misses any)
    const plan = await planAuto(talk.videoPath, segment);
    expect(plan.kind).toBe('track');
    const output = await render('tracked', segment, plan);

    const detector = await createHumanFaceDetector();
    const sampleSize = { width: 360, height: 640 };
    const fps = 10;
    const sampled = await frames(output, {
      at: 0,
      seconds: segment.end - segment.start,
      fps,
      size: sampleSize,
    });
    const crop = cropSize(source, { width: 1080, height: 1920 });
    const toSource = crop.width / sampleSize.width;
    let inside = 0;
    const cropXs: (number | undefined)[] = [];
    for (const [index, data] of sampled.entries()) {
      const faces: FaceBox[] = await detector.detect({ ...sampleSize, data });
      const best = faces.sort((a, b) => b.score - a.score)[0];
      const t = index / fps;
      if (!best) {
        cropXs.push(undefined);
        continue;
      }
      const cx = best.x + best.width / 2;
      if (cx > 0.05 * sampleSize.width && cx < 0.95 * sampleSize.width) inside++;
      // where the crop must have been: the face's true source position minus its place in the output
      cropXs.push(faceCenterAt(talk.truth, segment.start + t).x - cx * toSource);
    }
    expect(inside / sampled.length).toBeGreaterThanOrEqual(0.95);

    const maxStepPerFrame = crop.width / 30; // the path's speed limit: one crop width per second
    const tolerance = 30; // detector box noise, in source pixels
    const cutIndex = Math.ceil((cut - segment.start) * fps);
    const steps = cropXs
      .slice(1)
      .map((x, i) =>
        x === undefined || cropXs[i] === undefined || i + 1 === cutIndex || i === cutIndex
          ? 0
          : Math.abs(x - cropXs[i]!),
      );
    console.info(
      `auto framing: face inside ` +
        `${((100 * inside) / sampled.length).toFixed(1)} % of ${sampled.length} output frames; ` +
        `largest crop move between samples 0.1 s apart ${Math.max(...steps).toFixed(0)} px away from the cut`,
    );
    const xs = cropXs.filter((x) => x !== undefined);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(300);
    for (let i = 1; i < cropXs.length; i++) {
      const [a, b] = [cropXs[i - 1], cropXs[i]];
      if (a === undefined || b === undefined || i === cutIndex || i === cutIndex + 1) continue;
      expect(Math.abs(b - a)).toBeLessThanOrEqual(maxStepPerFrame * (30 / fps) + tolerance);
    }
  }); // a 22 s render plus the detector over every output frame
});

/** Plans `auto` framing for a whole generated clip and renders it without captions. */
async function autoFramed(videoPath: string, seconds: number, baseName: string) {
  const segment = { start: 0, end: seconds };
  const plan = await planAuto(videoPath, segment);
  const rendered = await renderShort({
    videoPath,
    ...segment,
    words: [],
    template: findTemplate('karaoke')!,
    layout: 'auto',
    framing: plan,
    sourceSize: source,
    outDir: dir,
    baseName,
    signal,
    tools: TEST_TOOLS,
  });
  return { plan, output: rendered.videoPath };
}

describe('two people far apart', () => {
  it('are stacked, each in a half of their own, rather than cut in half by one crop', async () => {
    const twoFaces = await copyMedia(twoFacesApart(), path.join(dir, 'two-faces.mp4'));
    const { plan, output } = await autoFramed(twoFaces, 6, 'split-faces');
    expect(plan.kind).toBe('split');
    const detector = await createHumanFaceDetector();
    const size = { width: 360, height: 640 };
    const [frame] = await frames(output, { at: 3, seconds: 0.05, fps: 30, size });
    const faces = await detector.detect({ ...size, data: frame });
    const centres = faces.map((f) => f.y + f.height / 2).sort((a, b) => a - b);
    expect(centres).toHaveLength(2);
    expect(centres[0]).toBeLessThan(320);
    expect(centres[1]).toBeGreaterThan(320);
    for (const face of faces) {
      expect(face.x).toBeGreaterThan(0);
      expect(face.x + face.width).toBeLessThan(360);
    }
  });
});

describe('a two-shot cut to a close-up', () => {
  it('is split while both people are on screen and tracked after the cut', async () => {
    const video = await copyMedia(twoShotThenCloseUp(), path.join(dir, 'two-shot-close-up.mp4'));
    const { plan, output } = await autoFramed(video, 8, 'sequence');
    expect(plan.kind).toBe('sequence');
    if (plan.kind !== 'sequence') return;
    expect(plan.parts.map((part) => part.plan.kind)).toEqual(['split', 'track']);
    expect(plan.parts[0].end).toBeCloseTo(4, 0);
    const detector = await createHumanFaceDetector();
    const size = { width: 360, height: 640 };
    const [twoShot] = await frames(output, { at: 2, seconds: 0.05, fps: 30, size });
    const [closeUp] = await frames(output, { at: 6, seconds: 0.05, fps: 30, size });
    const split = await detector.detect({ ...size, data: twoShot });
    expect(split.map((f) => f.y + f.height / 2 < 320).sort()).toEqual([false, true]);
    const [single] = await detector.detect({ ...size, data: closeUp });
    expect(single.x + single.width / 2).toBeGreaterThan(0.25 * size.width);
    expect(single.x + single.width / 2).toBeLessThan(0.75 * size.width);
  });
});

describe('overlays, checked from the output file', () => {
  const segment = { start: 62, end: 70 };
  const fill: FramingPlan = { kind: 'fill' };
  let plain: string;
  const gray = { width: 108, height: 192 };

  beforeAll(async () => {
    plain = await render('plain', segment, fill);
  });

  it('split screen: the talk on top, the gameplay below', async () => {
    const game = await resolveAsset(TEST_ASSETS_DIR, 'game-videos', TEST_TOOLS, 'Neon Dodge');
    const framing = await planFraming({
      videoPath: talk.videoPath,
      ...segment,
      layout: 'fill',
      sourceSize: source,
      outputSize: contentSize('auto', true),
      detector: createHumanFaceDetector,
      signal,
      tools: TEST_TOOLS,
    });
    const output = await render('split', segment, framing, { gameVideo: { path: game.path } });
    const half = { width: 108, height: 96 };
    const [stacked] = await frames(output, { at: 2, seconds: 0.05, fps: 30, size: gray, gray: true });
    const [gameFrame] = await frames(game.path, { at: 2, seconds: 0.05, fps: 30, size: half, gray: true });
    const [talkFrame] = await frames(talk.videoPath, {
      at: segment.start + 2,
      seconds: 0.05,
      fps: 30,
      size: half,
      gray: true,
      crop: '1214:1080',
    });
    const top = stacked.subarray(0, half.width * half.height);
    const bottom = stacked.subarray(half.width * half.height);
    // captions sit on the seam, so compare away from it
    expect(difference(top, talkFrame, 108, [0, 70])).toBeLessThan(8);
    expect(difference(bottom, gameFrame, 108, [26, 96])).toBeLessThan(12);
    expect(difference(top, gameFrame, 108, [0, 70])).toBeGreaterThan(20);
  });

  it('the first seconds are the meme hook, then the short', async () => {
    const meme = await resolveAsset(TEST_ASSETS_DIR, 'meme-hooks', TEST_TOOLS, 'Plot Twist');
    const output = await render('meme', segment, fill, {
      memeHook: { path: meme.path, hasAudio: true, duration: meme.duration },
    });
    const [withMeme] = await frames(output, { at: 1.5, seconds: 0.05, fps: 30, size: gray, gray: true });
    const [memeFrame] = await frames(meme.path, { at: 1.5, seconds: 0.05, fps: 30, size: gray, gray: true });
    const [afterMeme] = await frames(output, {
      at: meme.duration + 1,
      seconds: 0.05,
      fps: 30,
      size: gray,
      gray: true,
    });
    const [plainFrame] = await frames(plain, { at: 1, seconds: 0.05, fps: 30, size: gray, gray: true });
    expect(difference(withMeme, memeFrame, 108, [0, 192])).toBeLessThan(6);
    expect(difference(afterMeme, plainFrame, 108, [0, 192])).toBeLessThan(6);
  });

  it('the hook title is over the first seconds only, the call-to-action over the last ones only', async () => {
    const output = await render('texts', segment, fill, {
      hookTitle: 'Why sourdough needs time',
      cta: 'Follow for a new science short every day',
    });
    const at = async (file: string, t: number) =>
      (await frames(file, { at: t, seconds: 0.05, fps: 30, size: gray, gray: true }))[0];
    const upper: [number, number] = [0, 70];
    expect(changedShare(await at(output, 1.2), await at(plain, 1.2), 108, upper)).toBeGreaterThan(0.01);
    expect(changedShare(await at(output, 7.2), await at(plain, 7.2), 108, upper)).toBeGreaterThan(0.01);
    expect(changedShare(await at(output, 3.5), await at(plain, 3.5), 108, upper)).toBeLessThan(0.002);
  });

  it('music sits at least 15 dB under the speech at volume 10 and is clearly audible at 100', async () => {
    const options = { ...DEFAULT_CLIP_OPTIONS, music: true, musicName: 'Calm Pads' };
    const chosen = await chooseAssets(options, TEST_ASSETS_DIR, { signal, tools: TEST_TOOLS });
    const levels: Record<number, number> = {};
    const speech = await pcm(plain);
    for (const volume of [10, 100]) {
      const overlays = await shortOverlays(
        { ...options, musicVolume: volume },
        chosen,
        { title: '', videoPath: talk.videoPath, ...segment },
        { signal, tools: TEST_TOOLS },
      );
      const mixed = await pcm(await render(`music-${volume}`, segment, fill, overlays));
      const music = mixed.map((sample, i) => sample - (speech[i] ?? 0));
      levels[volume] = rmsDb(music) - rmsDb(speech);
    }
    console.info(
      `music vs speech: ${levels[10].toFixed(1)} dB at volume 10, ${levels[100].toFixed(1)} dB at 100`,
    );
    expect(levels[10]).toBeLessThanOrEqual(-15);
    expect(levels[100]).toBeGreaterThan(-10);
    expect(levels[100] - levels[10]).toBeGreaterThan(12);
  });
});

async function pcm(file: string): Promise<Float32Array> {
  const chunks: Buffer[] = [];
  await runProcess(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '48000', '-f', 'f32le', '-'],
    {
      onStdoutData: (chunk) => chunks.push(chunk),
      maxStdoutBytes: 0,
    },
  );
  const all = Buffer.concat(chunks);
  return new Float32Array(all.buffer, all.byteOffset, Math.floor(all.length / 4));
}

function rmsDb(samples: Float32Array | number[]): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return 10 * Math.log10(sum / samples.length + 1e-12);
}
