import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutsBetweenBFrames, patternClip } from '../../../test/helpers/media.ts';
import type { FaceDetector } from '../../engines/faces/detector.ts';
import { exactSceneCutArgs } from '../../media/frame-args.ts';
import { analyseSegment, cutFrameLog } from './analyse.ts';
import { cutsInEachStretch } from './scene-cuts.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';

let dir: string;
let video: string;
const source = { width: 320, height: 180 };
const settings = { shortSide: 90, sampleFps: 10, sceneThreshold: 12 };

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

  it.each([
    ['an encoder placed an intra frame at each cut', true],
    ['the cuts fall on predicted frames', false],
  ])('finds each scene cut to the frame on a source with B-frames (%s)', async (_, placedCuts) => {
    const video = await cutsBetweenBFrames({ placedCuts });
    const segment = { start: 0.3, end: 5.5 };
    const signal = new AbortController().signal;
    const noFaces: FaceDetector = { detect: async () => [] };
    const analysis = await analyseSegment({
      videoPath: video,
      ...segment,
      source,
      detector: noFaces,
      signal,
      tools: TEST_TOOLS,
      settings: { ...settings, sampleFps: 2 },
    });
    const [everyFrame] = await cutsInEachStretch(
      [segment],
      (stretches) => exactSceneCutArgs(video, stretches, settings.sceneThreshold),
      { signal, tools: TEST_TOOLS },
    );
    expect(everyFrame.length).toBeGreaterThanOrEqual(8);
    const expected = everyFrame.map((cut) => cut - segment.start);
    expect(analysis.cuts).toHaveLength(expected.length);
    // within half a frame (25 fps) of the cut every frame shows
    analysis.cuts.forEach((cut, i) => expect(Math.abs(cut - expected[i])).toBeLessThan(0.02));
  });
});

describe('the face sampling decode’s log', () => {
  const frame = (time: number) =>
    `[Parsed_metadata_4 @ 0x55] frame:7    pts:${time * 15360}  pts_time:${time}`;
  const cut = (time: number, type: string) => [
    `[scdet @ 0x54] lavfi.scd.score: 28.547, lavfi.scd.time: ${time}`,
    frame(time),
    `[Parsed_showinfo_6 @ 0x56] n:   0 pts:  ${time * 15360} pts_time:${time}   pos: 9 fmt:yuv420p sar:1/1 ` +
      `s:320x180 i:P iskey:${type === 'I' ? 1 : 0} type:${type} checksum:E8F25C4C`,
  ];
  const read = (lines: string[]) => {
    const log = cutFrameLog();
    lines.forEach(log.read);
    return log;
  };

  it('reads each cut: its time, its frame’s coding and the time since the decoded frame before it', () => {
    const log = read([frame(0), frame(0.04), 'lavfi.scd.mafd=3.1', ...cut(0.12, 'I'), frame(0.16)]);
    expect(log.cuts()).toEqual([{ time: 0.12, intra: true, gap: expect.closeTo(0.08, 6) }]);
  });

  it('is sure of a cut onto an intra frame, or onto the frame right after a decoded one', () => {
    expect(read([frame(0), frame(0.04), ...cut(0.12, 'I')]).sure()).toBe(true);
    expect(read([frame(0), frame(0.04), ...cut(0.08, 'P')]).sure()).toBe(true);
    expect(read([frame(0), frame(0.04), ...cut(0.12, 'P')]).sure()).toBe(false);
    expect(read([frame(0), frame(0.04), ...cut(0.12, 'B')]).sure()).toBe(false);
    expect(read([frame(0), frame(0.04)]).sure()).toBe(true);
  });

  it('is not sure of a cut whose frame it did not see', () => {
    expect(read([frame(0), frame(0.04), cut(0.08, 'I')[0]]).sure()).toBe(false);
  });
});
