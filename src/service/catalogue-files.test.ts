import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { previewFiles, templatePreviewKey } from '../pipeline/captions/previews.ts';
import { findTemplate, TEMPLATES } from '../pipeline/captions/templates.ts';
import { TEST_ASSETS_DIR } from '../../test/helpers/test-assets.ts';
import { TEST_TOOLS } from '../../test/helpers/tools.ts';
import { CatalogueFiles, templatePreviewsDir } from './catalogue-files.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-catalogue-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('template previews', () => {
  it('are made once beside the built-ins: every data dir links the same files', async () => {
    // the global set-up made the previews in the shared assets dir
    const config = loadConfig({ dataDir: dir }, { CLIPFORGE_ASSETS_DIR: TEST_ASSETS_DIR });
    const filesDirs = [path.join(dir, 'one', 'files'), path.join(dir, 'two', 'files')];
    for (const filesDir of filesDirs) await new CatalogueFiles(config, TEST_TOOLS, filesDir).makeHere();
    for (const template of TEMPLATES) {
      const made = previewFiles(template, templatePreviewsDir(TEST_ASSETS_DIR, template));
      for (const filesDir of filesDirs) {
        const served = previewFiles(template, path.join(filesDir, 'templates'));
        for (const file of ['thumbnail', 'preview', 'gif'] as const)
          expect((await stat(served[file])).ino, `${template.name} ${file}`).toBe(
            (await stat(made[file])).ino,
          );
      }
    }
  });

  it('are made again when the template or its preview recipe changes', () => {
    const beast = findTemplate('beast')!;
    expect(templatePreviewKey(beast)).toBe(templatePreviewKey({ ...beast }));
    expect(templatePreviewKey({ ...beast, fontSize: beast.fontSize + 2 })).not.toBe(
      templatePreviewKey(beast),
    );
    expect(new Set(TEMPLATES.map(templatePreviewKey)).size).toBe(TEMPLATES.length);
  });
});
