import { defineConfig } from 'vitest/config';
import { TEST_ASSETS_DIR } from './test/helpers/test-assets.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
    env: { CLIPFORGE_ASSETS_DIR: TEST_ASSETS_DIR },
  },
});
