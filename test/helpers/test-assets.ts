import os from 'node:os';
import path from 'node:path';

/** Built-in catalogue assets for every test process, made once per machine (ensureBuiltinAssets skips files in place). */
export const TEST_ASSETS_DIR = path.join(os.tmpdir(), 'clipforge-test-assets');
