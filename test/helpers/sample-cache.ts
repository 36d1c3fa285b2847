import os from 'node:os';
import path from 'node:path';
import { generateSampleTalk, type SampleOptions } from '../../src/sample/generate.ts';
import { TEST_TOOLS } from './tools.ts';

/** Generated samples are cached across test runs on this machine (the generator checks its own options). */
export const SAMPLE_CACHE_DIR = path.join(os.tmpdir(), 'clipforge-test-samples');

/** Each set of options has files of its own, so test files running in parallel never replace each other's sample. */
export function cachedSample(options: Omit<SampleOptions, 'outDir' | 'name' | 'tools'>) {
  const {
    durationSeconds = 'default',
    seed = 'default',
    width = 'default',
    height = 'default',
    background = 'silence',
    script,
    pause,
  } = options;
  const length = script ? `talk-${script}` : `${durationSeconds}s`;
  const pauses = pause === undefined ? '' : `-every-pause${pause}s`;
  const name = `sample-${length}-seed${seed}-${width}x${height}-${background}${pauses}`;
  return generateSampleTalk({ ...options, name, outDir: SAMPLE_CACHE_DIR, tools: TEST_TOOLS });
}

/** The samples more than one test file uses. */
export const SHARED_SAMPLES = {
  talk180: { durationSeconds: 180 },
  small40: { durationSeconds: 40, width: 640, height: 360 },
} satisfies Record<string, Omit<SampleOptions, 'outDir' | 'name' | 'tools'>>;
