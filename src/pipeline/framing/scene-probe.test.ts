import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../media/process.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { PROBE_THRESHOLD, sceneCutsIn, sceneProbeArgs } from './scene-probe.ts';

describe('scene probe', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cf-probe-'));
    video = path.join(dir, 'cut.mp4');
    // a test pattern, then a dark scene with a bright square, cut at 3 s (a soft cut: score about 10)
    await runProcess(TEST_TOOLS.ffmpeg, [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=c=0x1d2b3a:s=320x180:r=30:d=3',
      '-f',
      'lavfi',
      '-i',
      'color=c=0x1d2b3a:s=320x180:r=30:d=3',
      '-filter_complex',
      '[0]drawbox=x=20:y=20:w=60:h=60:color=white:t=fill[a];[1]drawbox=x=200:y=90:w=60:h=60:color=white:t=fill[b];[a][b]concat=n=2:v=1:a=0',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      video,
    ]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('decodes only the stretch, small', () => {
    const args = sceneProbeArgs('in.mp4', { start: 10, end: 11.5 });
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual([
      '-ss',
      '10.000',
      '-t',
      '1.500',
    ]);
    expect(args.join(' ')).toContain(`scdet=threshold=${PROBE_THRESHOLD}`);
  });

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
});
