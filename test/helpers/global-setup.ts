import { ensureBuiltinAssets } from '../../src/assets/builtin.ts';
import { cachedSample, SHARED_SAMPLES } from './sample-cache.ts';
import { TEST_ASSETS_DIR } from './test-assets.ts';
import { TEST_TOOLS } from './tools.ts';

/** Makes what several test files share once, before they run in parallel. */
export default async function setup(): Promise<void> {
  await ensureBuiltinAssets(TEST_ASSETS_DIR, TEST_TOOLS);
  for (const options of Object.values(SHARED_SAMPLES)) await cachedSample(options);
}
