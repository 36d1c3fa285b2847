import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparseKeyframesClip, windowCopiedAsDownloaded } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { probeMedia } from '../../media/probe.ts';
import { runProcess } from '../../media/process.ts';
import { thumbnailArgs } from '../../media/render-args.ts';

// A YouTube window is downloaded with its streams copied (downloadArgs): the file's picture starts at the keyframe
// before the window, and the ingest takes the file's 0 s as the window's start. That holds only while every read
// of the file skips the frames before the window, as ffmpeg does with the MP4's edit list.

describe('a window downloaded with its streams copied', () => {
  let dir: string;
  let source: string;
  let window: string;
  // between the source's keyframes (0 s and 4 s), on a frame of its 25
  const start = 2.72;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-window-'));
    source = await sparseKeyframesClip();
    window = await windowCopiedAsDownloaded(source, start, 4);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const frameAt = async (video: string, seconds: number) => {
    const output = path.join(dir, `${path.basename(video)}-${seconds}.jpg`);
    await runProcess(TEST_TOOLS.ffmpeg, thumbnailArgs(video, seconds, output));
    return readFile(output);
  };

  it('lasts the window, and shows at each time the source’s frame at the window’s start plus that time', async () => {
    const probe = await probeMedia(window, TEST_TOOLS);
    // not from the keyframe 2.72 s before it (the picture may run a few frames past its end: the ingest caps it)
    expect(probe.duration).toBeGreaterThan(3.9);
    expect(probe.duration).toBeLessThan(4.5);
    for (const seconds of [0, 1.32])
      expect((await frameAt(window, seconds)).equals(await frameAt(source, start + seconds))).toBe(true);
    // the frame before the window is not the window's first
    expect((await frameAt(source, start - 0.04)).equals(await frameAt(window, 0))).toBe(false);
  });
});
