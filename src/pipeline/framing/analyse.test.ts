import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternClip } from '../../../test/helpers/media.ts';
import type { FaceDetector } from '../../engines/faces/detector.ts';
import { analyseSegment } from './analyse.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';

let dir: string;
let video: string;
const source = { width: 320, height: 180 };
const settings = { width: 160, sampleFps: 10, sceneThreshold: 12 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-analyse-'));
  video = await patternClip({ seconds: 8 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('segment analysis with a real decoder', () => {
  it('samples every frame of the segment only, in order, looking at one in four where picture and faces stay still', async () => {
    const seen: number[] = [];
    const slow: FaceDetector = {
      detect: async (frame) => {
        seen.push(frame.data.length);
        await new Promise((resolve) => setTimeout(resolve, 15));
        return [{ x: 10, y: 20, width: 30, height: 30, score: 0.9 }];
      },
    };
    const analysis = await analyseSegment({
      videoPath: video,
      start: 2,
      end: 6,
      source,
      detector: slow,
      signal: new AbortController().signal,
      tools: TEST_TOOLS,
      settings,
    });
    expect(analysis.samples).toHaveLength(40);
    expect(analysis.samples.map((s) => s.t)).toEqual(Array.from({ length: 40 }, (_, i) => i / 10));
    expect(new Set(seen)).toEqual(new Set([160 * 90 * 3]));
    // the test pattern moves only in small parts: frames 0, 4, … 36, and the last one (39), which ends the frames
    // held after 36 (every other frame, as where the picture changes, would be 21)
    expect(seen).toHaveLength(11);
    // boxes come back in source pixels
    expect(analysis.samples[0].faces[0]).toMatchObject({ cx: 50, cy: 70, size: 60 });
  });

  it('fails with the detector’s error instead of hanging', async () => {
    const broken: FaceDetector = {
      detect: async () => {
        throw new Error('model exploded');
      },
    };
    await expect(
      analyseSegment({
        videoPath: video,
        start: 0,
        end: 8,
        source,
        detector: broken,
        signal: new AbortController().signal,
        tools: TEST_TOOLS,
        settings,
      }),
    ).rejects.toThrow('model exploded');
  });
});
