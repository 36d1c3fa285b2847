import os from 'node:os';
import path from 'node:path';
import { generateSampleTalk, type SampleOptions } from '../../src/sample/generate.ts';

/** Generated samples are cached across test runs on this machine (the generator checks its own options). */
export const SAMPLE_CACHE_DIR = path.join(os.tmpdir(), 'clipforge-test-samples');

export function cachedSample(options: Omit<SampleOptions, 'outDir'>) {
  return generateSampleTalk({ ...options, outDir: SAMPLE_CACHE_DIR });
}
