import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clippedTalk } from '../../../test/helpers/media.ts';
import { cachedSample, SHARED_SAMPLES } from '../../../test/helpers/sample-cache.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { LOUDNESS_TARGET, measureLoudness } from '../../media/loudness.ts';
import { measureLoudnessCurve } from '../../media/loudness-curve.ts';
import { findTemplate } from '../captions/templates.ts';
import { finishedMixFile, renderShort, shortSound, type RenderRequest } from './index.ts';

// A short of the speech alone takes its gain from the source's loudness curve, with no ffmpeg pass of its own;
// any other mix is measured by a pass of its own. Sound whose peaks the gain would push over the limit goes through
// passes with a true-peak limiter, the last of which writes the finished sound for the render to encode. Either way the finished short plays at −14 LUFS with
// its true peak under −1 dBTP (ebur128 on the finished file).

/** Tools that fail if run: a short that needs no pass of its own never reaches them. */
const NO_FFMPEG = { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' };
const SPAN = { start: 3.37, end: 14.81 };

let dir: string;
const sources: Record<'talk' | 'quiet' | 'loud', string> = { talk: '', quiet: '', loud: '' };
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-render-loudness-'));
  sources.talk = (await cachedSample(SHARED_SAMPLES.small40)).videoPath;
  sources.quiet = await clippedTalk(sources.talk, 'quiet');
  sources.loud = await clippedTalk(sources.talk, 'loud');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function request(source: keyof typeof sources): Promise<RenderRequest> {
  const videoPath = sources[source];
  return {
    videoPath,
    ...SPAN,
    words: [],
    template: findTemplate('hormozi1')!,
    layout: 'fill',
    framing: { kind: 'fill' },
    sourceSize: { width: 640, height: 360 },
    outDir: dir,
    baseName: `loudness-${source}`,
    signal: new AbortController().signal,
    tools: TEST_TOOLS,
    preset: 'ultrafast',
    sourceLoudness: await measureLoudnessCurve(videoPath, { start: 0, end: 40 }, TEST_TOOLS),
  };
}

async function expectNormalised(req: RenderRequest) {
  const output = await renderShort(req);
  const loudness = await measureLoudness(output.videoPath, TEST_TOOLS);
  expect(Math.abs(loudness.integrated - LOUDNESS_TARGET.integrated)).toBeLessThanOrEqual(0.5);
  expect(loudness.truePeak).toBeLessThanOrEqual(LOUDNESS_TARGET.truePeak);
  expect(Math.abs(output.duration - (req.end - req.start))).toBeLessThan(0.1);
  // the finished sound is the render's input, not one of the short's files
  await expect(access(finishedMixFile(req))).rejects.toThrow();
}

describe('a short’s loudness from the source’s curve', () => {
  it.each(['quiet', 'loud'] as const)(
    'brings a %s source to −14 LUFS with one gain, and no pass of its own',
    async (source) => {
      const req = await request(source);
      const sound = await shortSound({ ...req, tools: NO_FFMPEG });
      expect(sound).toEqual({
        loudnessFilter: expect.stringMatching(
          source === 'quiet' ? /^volume=1\d\.\d\ddB$/ : /^volume=-\d\.\d\ddB$/,
        ),
      });
      await expectNormalised(req);
    },
  );

  it('limits speech whose peaks a gain would push over the limit, in passes whose last writes the sound', async () => {
    const req = await request('talk');
    await expect(shortSound({ ...req, tools: NO_FFMPEG })).rejects.toThrow();
    const written = finishedMixFile(req);
    expect(await shortSound(req)).toEqual({ finishedMix: written });
    const mix = await measureLoudness(written, TEST_TOOLS);
    expect(Math.abs(mix.integrated - LOUDNESS_TARGET.integrated)).toBeLessThanOrEqual(0.5);
    await rm(written);
    await expectNormalised(req);
  });

  it('measures a mix with music over itself, and a curve of another file is no curve', async () => {
    const req = await request('quiet');
    const music = { path: sources.talk, gainDb: -6 };
    await expect(shortSound({ ...req, overlays: { music }, tools: NO_FFMPEG })).rejects.toThrow();
    await expect(shortSound({ ...req, videoPath: sources.loud, tools: NO_FFMPEG })).rejects.toThrow();
    await expectNormalised({ ...req, overlays: { music } });
  });
});
