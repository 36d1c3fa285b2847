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
    // under `auto`, a job would fetch a whisper model on first use: tests point it at a closed loopback port
    // (refused by the network policy at once), so no test downloads anything and every one gets pocketsphinx
    env: { CLIPFORGE_ASSETS_DIR: TEST_ASSETS_DIR, CLIPFORGE_MODELS_URL: 'http://127.0.0.1:9/models' },
  },
});
