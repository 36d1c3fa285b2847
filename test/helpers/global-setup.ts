import type { TestProject } from 'vitest/node';
import { ensureBuiltinAssets } from '../../src/assets/builtin.ts';
import { renderTemplatePreview } from '../../src/pipeline/captions/previews.ts';
import { TEMPLATES } from '../../src/pipeline/captions/templates.ts';
import { mapInLanes } from '../../src/pipeline/lanes.ts';
import { templatePreviewsDir } from '../../src/service/catalogue-files.ts';
import { cachedSample, SHARED_SAMPLES } from './sample-cache.ts';
import { NATIVE_RUNTIME_NOTE } from './native-onnx.ts';
import { TEST_ASSETS_DIR } from './test-assets.ts';
import { TEST_TOOLS } from './tools.ts';

/**
 * Makes what several test files share once, before they run in parallel: the built-in assets and the template
 * previews for every tier (each `serve` on a fresh data dir then links them instead of making them again), and
 * the generated talks the e2e files serve (no unit test uses them, so `npm test` does not wait for them).
 */
export default async function setup(project: TestProject): Promise<void> {
  // said once per run: the tests that compare onnxruntime-node with WebAssembly are skipped, and how to run them
  if (project.name === 'unit' && NATIVE_RUNTIME_NOTE)
    console.log(`ONNX runtime tests on onnxruntime-node${NATIVE_RUNTIME_NOTE}`);
  await ensureBuiltinAssets(TEST_ASSETS_DIR, TEST_TOOLS);
  await mapInLanes(TEMPLATES, 2, (template) =>
    renderTemplatePreview(template, templatePreviewsDir(TEST_ASSETS_DIR, template), TEST_TOOLS),
  );
  if (project.name !== 'e2e') return;
  for (const options of Object.values(SHARED_SAMPLES)) await cachedSample(options);
}
