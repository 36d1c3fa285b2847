import { ensureBuiltinAssets } from '../../src/assets/builtin.ts';
import { TEST_ASSETS_DIR } from './test-assets.ts';

export default async function setup(): Promise<void> {
  await ensureBuiltinAssets(TEST_ASSETS_DIR);
}
