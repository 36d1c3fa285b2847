import { configDefaults, defineConfig } from 'vitest/config';
import { TEST_ASSETS_DIR } from './test/helpers/test-assets.ts';

/** The end-to-end tier: the real CLI and `clipforge serve`, the browser, PostgreSQL and S3. */
const E2E = ['test/**/*.e2e.test.ts'];
/** One global setup for both tiers (it knows which one it prepares for). */
const globalSetup = ['test/helpers/global-setup.ts'];

export default defineConfig({
  test: {
    // hang guards, not speed bounds: a busy 2-core machine runs a render many times slower than a quiet one
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    maxWorkers: 2,
    // under `auto`, a job would fetch a whisper model on first use: tests point it at a closed loopback port
    // (refused by the network policy at once), so no test downloads anything and every one gets pocketsphinx
    env: { CLIPFORGE_ASSETS_DIR: TEST_ASSETS_DIR, CLIPFORGE_MODELS_URL: 'http://127.0.0.1:9/models' },
    // `npm test` runs the unit tier (modules and in-process services), `npm run test:e2e` the other
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          globalSetup,
          // the files of a worker share one process: each runtime they load (PGlite, onnxruntime, tfjs, whisper.cpp)
          // is compiled once per worker rather than once per file, a third of the tier's time. A test restores what
          // it changes of the process (env, cwd, spies) and mocks no module (vi.mock needs a process of its own).
          isolate: false,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...E2E],
        },
      },
      // an e2e test waits for jobs (test/helpers/wait.ts JOB_DEADLINE_MS) and may start several: its hang guard
      {
        extends: true,
        test: { name: 'e2e', globalSetup, include: E2E, testTimeout: 900_000, hookTimeout: 900_000 },
      },
    ],
  },
});
