import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternClip } from '../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { probeMedia } from '../media/probe.ts';
import { Checkpoints } from './checkpoints.ts';
import { LOUDNESS_STAGE, shortsOfSpeechAlone, windowLoudness } from './source-loudness.ts';

/** Tools that fail if run: a curve read from its checkpoint never reaches them. */
const NO_FFMPEG = { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' };
const signal = new AbortController().signal;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-source-loudness-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the window’s loudness curve', () => {
  it('is wanted only for shorts of the speech alone', () => {
    expect(shortsOfSpeechAlone({ trimPauses: false }, { gameVideo: '/g.mp4' })).toBe(true);
    expect(shortsOfSpeechAlone({ trimPauses: true }, {})).toBe(false);
    expect(shortsOfSpeechAlone({ trimPauses: false }, { music: { path: '/m.m4a', meanDb: -20 } })).toBe(
      false,
    );
    expect(
      shortsOfSpeechAlone(
        { trimPauses: false },
        { memeHook: { path: '/h.mp4', duration: 2, hasAudio: true } },
      ),
    ).toBe(false);
  });

  it('is measured once over the window and kept: a resumed job or a re-render reads it back', async () => {
    const videoPath = await patternClip({ seconds: 4 });
    const source = {
      videoPath,
      windowStart: 1,
      windowEnd: 3.5,
      probe: await probeMedia(videoPath, TEST_TOOLS),
    };
    const checkpoints = new Checkpoints(dir, signal);
    const shorts = { options: { trimPauses: false }, assets: {} };
    const curve = await windowLoudness(source, shorts, checkpoints, { tools: TEST_TOOLS, signal });
    expect(curve).toMatchObject({ source: videoPath, start: 1 });
    expect(curve!.truePeak).toHaveLength(25);
    expect(await checkpoints.read(LOUDNESS_STAGE)).toEqual(curve);
    const again = new Checkpoints(dir, signal);
    expect(await windowLoudness(source, shorts, again, { tools: NO_FFMPEG, signal })).toEqual(curve);
    // a mix with music reads no curve, and none is measured for it
    const withMusic = { ...shorts, assets: { music: { path: '/m.m4a', meanDb: -20 } } };
    const elsewhere = new Checkpoints(path.join(dir, 'none'), signal);
    expect(await windowLoudness(source, withMusic, elsewhere, { tools: NO_FFMPEG, signal })).toBeUndefined();
  });
});
