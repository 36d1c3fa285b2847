import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ONNX_RUNTIME_FILES } from '../src/engines/onnx-runtime.ts';

// Part of `npm run build`: copies the three files of onnxruntime-web that Node runs (its WebAssembly CPU build)
// into dist/vendor/onnxruntime-web, with their licence. onnxruntime-web itself is a dev dependency: its 145 MB of
// browser variants stay out of a user's install. The copy imports onnxruntime-common, a dependency pinned to the
// same version, which this script checks.

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');

/** The folder and version of an installed package whose exports hide its package.json. */
async function installed(name: string, entry: string): Promise<{ dir: string; version: string }> {
  for (let dir = path.dirname(require.resolve(entry)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
    if (manifest && (JSON.parse(manifest) as { name?: string }).name === name) {
      return { dir, version: (JSON.parse(manifest) as { version: string }).version };
    }
  }
  throw new Error(`${name} is not installed (run npm ci)`);
}

const web = await installed('onnxruntime-web', 'onnxruntime-web/ort-wasm-simd-threaded.wasm');
const webDir = web.dir;
const common = await installed('onnxruntime-common', 'onnxruntime-common');
const own = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
if (common.version !== web.version || own.dependencies['onnxruntime-common'] !== web.version) {
  throw new Error(
    `onnxruntime-web ${web.version} needs onnxruntime-common ${web.version}; ` +
      `installed ${common.version}, package.json asks for ${own.dependencies['onnxruntime-common']}`,
  );
}
// the MIT terms, word for word as in ClipForge's own LICENSE, under Microsoft's copyright line
const ownLicense = await readFile(path.join(root, 'LICENSE'), 'utf8');
const mitTerms = ownLicense.slice(ownLicense.indexOf('Permission is hereby granted'));
const out = path.join(root, 'dist', 'vendor', 'onnxruntime-web');
await mkdir(out, { recursive: true });
for (const file of ONNX_RUNTIME_FILES) await copyFile(path.join(webDir, 'dist', file), path.join(out, file));
await writeFile(
  path.join(out, 'LICENSE'),
  `The files in this folder are copied unchanged from onnxruntime-web ${web.version} (dist/), by Microsoft
Corporation, published under the MIT License:

MIT License

Copyright (c) Microsoft Corporation

${mitTerms}`,
);
