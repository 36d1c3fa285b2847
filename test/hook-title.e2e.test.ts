import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHumanFaceDetector } from '../src/engines/faces/human.ts';
import { runProcess } from '../src/media/process.ts';
import {
  blockHeight,
  captionsTop,
  HOOK_TITLE_SECONDS,
  TITLE_MARGIN,
} from '../src/pipeline/captions/overlay-text.ts';
import { findTemplate } from '../src/pipeline/captions/templates.ts';
import { openingFaceBands } from '../src/pipeline/framing/face-band.ts';
import { planFraming } from '../src/pipeline/framing/plan.ts';
import { renderShort } from '../src/pipeline/render/index.ts';
import { copyMedia, highFaceTalk } from './helpers/media.ts';
import { TEST_TOOLS } from './helpers/tools.ts';

// A speaker whose head sits high in the frame: the hook title must not be drawn across it. Checked from the ASS
// file the render burned in, and by the detector on a rendered frame.

const signal = new AbortController().signal;
const source = { width: 1920, height: 1080 };
const output = { width: 1080, height: 1920 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-hook-title-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The top and height (fractions of the frame) of the HookTitle style, from the ASS file. */
function hookTitleBlock(ass: string, frameHeight: number): { top: number; height: number } {
  const style = ass.split('\n').find((line) => line.startsWith('Style: HookTitle,'))!;
  const fields = style.split(',');
  const event = ass.split('\n').find((line) => line.includes(',HookTitle,'))!;
  const lines = event.replace(/\{[^}]*\}/g, '').split('\\N').length;
  const fontSize = (Number(fields[2]) * 1920) / frameHeight;
  return {
    top: Number(fields[21]) / frameHeight,
    height: blockHeight({ lines: Array.from({ length: lines }, () => ''), fontSize }),
  };
}

describe('hook title over a speaker whose head is high in the frame', () => {
  it('is placed off the head the planner saw, above the captions', async () => {
    const video = await copyMedia(highFaceTalk(), path.join(dir, 'high-face-source.mp4'));
    const segment = { start: 0, end: 5 };
    const plan = await planFraming({
      videoPath: video,
      ...segment,
      layout: 'auto',
      sourceSize: source,
      outputSize: output,
      detector: createHumanFaceDetector,
      signal,
      tools: TEST_TOOLS,
    });
    expect(plan.kind).toBe('track');
    const faces = openingFaceBands(plan, source, output, HOOK_TITLE_SECONDS)!;
    expect(faces).toHaveLength(1);
    // today's 10 % line runs through this head
    expect(faces[0].top).toBeLessThan(0.1);
    expect(faces[0].bottom).toBeGreaterThan(0.2);

    const template = findTemplate('karaoke')!;
    const rendered = await renderShort({
      videoPath: video,
      ...segment,
      words: ['so', 'why', 'does', 'bread', 'rise', 'at', 'all'].map((text, i) => ({
        text,
        start: 0.3 + i * 0.6,
        end: 0.8 + i * 0.6,
      })),
      template,
      layout: 'auto',
      framing: plan,
      sourceSize: source,
      outDir: dir,
      baseName: 'high-face',
      signal,
      tools: TEST_TOOLS,
      overlays: { hookTitle: 'Why sourdough needs time' },
    });
    const title = hookTitleBlock(await readFile(rendered.assPath, 'utf8'), rendered.height);
    expect(title.top).toBeGreaterThanOrEqual(faces[0].bottom + TITLE_MARGIN - 1 / 1920);
    expect(title.top + title.height).toBeLessThanOrEqual(captionsTop(template) - TITLE_MARGIN + 1 / 1920);

    // the rendered frame at 1 s: the detector's face box lies clear of the title's rows
    const frame = path.join(dir, 'high-face-1s.png');
    await runProcess('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-ss',
      '1',
      '-i',
      rendered.videoPath,
      '-frames:v',
      '1',
      frame,
    ]);
    if (process.env.CLIPFORGE_KEEP_FRAME) await copyFile(frame, process.env.CLIPFORGE_KEEP_FRAME);
    const size = { width: 360, height: 640 };
    const chunks: Buffer[] = [];
    await runProcess(
      'ffmpeg',
      [
        '-v',
        'error',
        '-i',
        frame,
        '-vf',
        `scale=${size.width}:${size.height},format=rgb24`,
        '-f',
        'rawvideo',
        '-',
      ],
      { onStdoutData: (chunk) => chunks.push(chunk), maxStdoutBytes: 0 },
    );
    const detector = await createHumanFaceDetector();
    const detected = await detector.detect({ ...size, data: Buffer.concat(chunks) });
    expect(detected).toHaveLength(1);
    const box = {
      top: detected[0].y / size.height,
      bottom: (detected[0].y + detected[0].height) / size.height,
    };
    expect(box.bottom).toBeLessThanOrEqual(title.top);
  });
});
