import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { extractAudio } from './audio.ts';
import { MediaToolMissingError, UnreadableMediaError } from './errors.ts';
import { meanVolume } from './loudness.ts';
import { probeMedia } from './probe.ts';

// Tool failures reach a person as ClipForge's own sentences, never as ffmpeg's wording.

let dir: string;
let notes: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-media-errors-'));
  notes = path.join(dir, 'notes.mp4');
  await writeFile(notes, 'These are my meeting notes, not a video.\n'.repeat(50));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('media errors', () => {
  it('a file that is not a video is refused in words a person can act on', async () => {
    // one at a time: a call started early could reject before anything listens to it
    for (const attempt of [
      () => probeMedia(notes, TEST_TOOLS),
      () => extractAudio(notes, 0, 5, path.join(dir, 'a.wav'), TEST_TOOLS),
      () => meanVolume(notes, TEST_TOOLS),
    ]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnreadableMediaError);
      expect((error as Error).message).toBe('The file is not a video ClipForge can read');
      expect((error as Error).message).not.toMatch(/Invalid data|ffprobe|exited/);
    }
  });

  it('a tool that is not there names the setting that points at it', async () => {
    const error = await probeMedia(notes, { ffprobe: path.join(dir, 'no-ffprobe') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaToolMissingError);
    expect((error as Error).message).toMatch(/^ffprobe was not found .*set CLIPFORGE_FFPROBE_PATH$/);
  });
});
