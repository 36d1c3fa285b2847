import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutsBetweenBFrames, sceneCut } from '../../../test/helpers/media.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { sceneCutsIn } from './scene-probe.ts';

describe('scene probe', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-probe-'));
    // a test pattern, then a dark scene with a bright square, cut at 3 s (a soft cut: score about 10)
    video = await sceneCut();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds a soft cut inside a probed stretch, in source time, and nothing elsewhere', async () => {
    const signal = new AbortController().signal;
    const cuts = await sceneCutsIn(video, [{ start: 2.2, end: 3.8 }], { signal, tools: TEST_TOOLS });
    expect(cuts).toHaveLength(1);
    expect(Math.abs(cuts[0] - 3)).toBeLessThan(0.1);
    expect(await sceneCutsIn(video, [{ start: 0.5, end: 2 }], { signal, tools: TEST_TOOLS })).toEqual([]);
    expect(
      await sceneCutsIn(path.join(dir, 'missing.mp4'), [{ start: 0, end: 1 }], { signal, tools: TEST_TOOLS }),
    ).toEqual([]);
  });

  it('probes several stretches at once and answers their cuts in the stretches’ order', async () => {
    const signal = new AbortController().signal;
    const around = { start: 2.2, end: 3.8 };
    const cuts = await sceneCutsIn(video, [{ start: 0.5, end: 2 }, around, { start: 4, end: 5 }, around], {
      signal,
      tools: TEST_TOOLS,
    });
    expect(cuts).toHaveLength(2);
    for (const cut of cuts) expect(Math.abs(cut - 3)).toBeLessThan(0.1);
  });

  it('starts ffmpeg once for a few stretches, not once per stretch', async () => {
    const runs = path.join(dir, 'runs.log');
    const counting = path.join(dir, 'counting-ffmpeg');
    await writeFile(counting, `#!/bin/sh\necho run >> '${runs}'\nexec '${TEST_TOOLS.ffmpeg}' "$@"\n`);
    await chmod(counting, 0o755);
    const stretches = [0.2, 1, 2.2, 3.2, 4, 4.6, 5].map((start) => ({ start, end: start + 0.5 }));
    const signal = new AbortController().signal;
    const cuts = await sceneCutsIn(video, [...stretches, { start: 2.2, end: 3.8 }], {
      signal,
      tools: { ...TEST_TOOLS, ffmpeg: counting },
    });
    expect(cuts).toHaveLength(1);
    expect(Math.abs(cuts[0] - 3)).toBeLessThan(0.1);
    expect((await readFile(runs, 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('finds a cut onto a frame between B-frames, within a frame or two', async () => {
    const signal = new AbortController().signal;
    const video = await cutsBetweenBFrames({ placedCuts: false });
    const cuts = await sceneCutsIn(video, [{ start: 1.5, end: 2.2 }], { signal, tools: TEST_TOOLS });
    expect(cuts).toHaveLength(1);
    expect(Math.abs(cuts[0] - 1.8)).toBeLessThanOrEqual(0.09);
  });
});
