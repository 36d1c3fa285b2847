import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ensureBuiltinAssets } from '../assets/builtin.ts';
import { ASSET_KINDS, listAssets, type Asset } from '../assets/library.ts';
import { placeFresh, publishAsset, publishedPaths, type PublishedAsset } from '../assets/previews.ts';
import type { Config } from '../config.ts';
import { CancelledError } from '../domain/errors.ts';
import type { MediaTools } from '../media/tools.ts';
import {
  previewFiles,
  renderTemplatePreview,
  templatePreviewKey,
  type TemplatePreview,
} from '../pipeline/captions/previews.ts';
import { TEMPLATES, type CaptionTemplate } from '../pipeline/captions/templates.ts';
import { assetsDir } from '../pipeline/run.ts';

// The files the catalogues hand out — template previews (made beside the built-ins, linked into the data dir),
// the built-in assets, and each asset's served copy and still — made in the background (when `serve` starts, and by `clipforge assets build`), never while a request
// waits. A catalogue answers at once with every URL; each URL serves its file as soon as the file is in place.

/** Whether a served path is a catalogue file (each API host makes these for itself, in its own data dir). */
export const isCatalogueFile = (relativePath: string) => /^(templates|catalogue)\//.test(relativePath);

/**
 * Where a template's previews are made, beside the built-in assets: every data dir sharing the assets dir links
 * them from there, so they are made once per version of the template and its preview recipe.
 */
export const templatePreviewsDir = (assetsDir: string, template: CaptionTemplate) =>
  path.join(assetsDir, 'template-previews', `${template.name}-${templatePreviewKey(template)}`);

export class CatalogueFiles {
  private preparing: Promise<{ assetsMade: string[] }> | undefined;
  /** assets being published, by their media path */
  private readonly publishing = new Map<string, PublishedAsset>();

  constructor(
    private readonly config: Config,
    private readonly tools: MediaTools,
    private readonly filesDir: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /**
   * Makes every catalogue file: in this process, or by `make` (serve hands the work to a background process).
   * While it runs, a catalogue file not there yet is on its way (isBeingMade).
   */
  prepare(
    make: () => Promise<{ assetsMade: string[] }> = () => this.makeHere(),
  ): Promise<{ assetsMade: string[] }> {
    this.preparing ??= make().finally(() => {
      this.preparing = undefined;
    });
    return this.preparing;
  }

  /**
   * Quickest first: the served files of the assets already there (a link and a still each), then the template
   * previews (every client lists them), then any missing built-in asset and its served files. An abort stops
   * the tool at work and leaves no partial file behind (a later run makes what is missing). `beforeEach` is
   * awaited before each file is started (the catalogue process waits there while a job runs).
   */
  async makeHere(
    signal?: AbortSignal,
    beforeEach: () => Promise<void> = async () => undefined,
  ): Promise<{ assetsMade: string[] }> {
    const dir = assetsDir(this.config);
    const next = async () => {
      await beforeEach();
      if (signal?.aborted) throw new CancelledError();
    };
    const publishAll = async () => {
      for (const kind of ASSET_KINDS)
        for (const asset of await listAssets(dir, kind, this.tools)) {
          await next();
          await publishAsset(asset, this.filesDir, this.tools, signal);
        }
    };
    await publishAll();
    for (const template of TEMPLATES) {
      await next();
      const made = await renderTemplatePreview(
        template,
        templatePreviewsDir(dir, template),
        this.tools,
        signal,
      );
      const served = previewFiles(template, this.templatesDir);
      await mkdir(this.templatesDir, { recursive: true });
      for (const file of ['thumbnail', 'preview', 'gif'] as const) await placeFresh(made[file], served[file]);
    }
    const assetsMade = await ensureBuiltinAssets(dir, this.tools, { signal, beforeEach });
    if (assetsMade.length > 0) await publishAll();
    return { assetsMade };
  }

  /** A template's preview files, relative to filesDir. */
  templatePreview(template: CaptionTemplate): TemplatePreview {
    const files = previewFiles(template, this.templatesDir);
    const relative = (file: string) => path.relative(this.filesDir, file);
    return {
      thumbnail: relative(files.thumbnail),
      preview: relative(files.preview),
      gif: relative(files.gif),
    };
  }

  /** An asset's served files, relative to filesDir; published in the background when not yet current. */
  asset(asset: Asset): PublishedAsset {
    const paths = publishedPaths(asset);
    if (!this.publishing.has(paths.media)) {
      this.publishing.set(paths.media, paths);
      void publishAsset(asset, this.filesDir, this.tools)
        .catch(this.onError)
        .finally(() => this.publishing.delete(paths.media));
    }
    return paths;
  }

  /** Whether every one of these served files (relative to filesDir) is in place, so its URL answers with it. */
  async inPlace(relativePaths: string[]): Promise<boolean> {
    const found = await Promise.all(
      relativePaths.map((relative) =>
        stat(path.join(this.filesDir, relative)).then(
          (info) => info.isFile() && info.size > 0,
          () => false,
        ),
      ),
    );
    return found.every(Boolean);
  }

  /** Whether a catalogue file that is not there yet is on its way (so asking again shortly will find it). */
  isBeingMade(relativePath: string): boolean {
    if (!isCatalogueFile(relativePath)) return false;
    if (this.preparing) return true;
    return [...this.publishing.values()].some(
      ({ media, preview }) => relativePath === media || relativePath === preview,
    );
  }

  private get templatesDir(): string {
    return path.join(this.filesDir, 'templates');
  }
}
