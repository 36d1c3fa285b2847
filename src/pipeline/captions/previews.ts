import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { captionSampleArgs, previewGifArgs } from '../../media/preview-args.ts';
import { runProcess } from '../../media/process.ts';
import { thumbnailArgs } from '../../media/render-args.ts';
import type { MediaTools } from '../../media/tools.ts';
import type { Word } from '../../domain/transcript.ts';
import { buildAss } from './ass.ts';
import type { CaptionTemplate } from './templates.ts';

// What each caption template looks like, rendered by ClipForge itself with the real template: a short MP4, a
// PNG thumbnail and a small GIF, so what a user sees in the catalogue is what they get.

export const PREVIEW_SIZE = { width: 540, height: 960 };
const PREVIEW_SECONDS = 3;
const PHRASE = 'This is how your captions will look';

export interface TemplatePreview {
  thumbnail: string;
  preview: string;
  gif: string;
}

export function previewWords(): Word[] {
  const tokens = PHRASE.split(' ');
  const step = (PREVIEW_SECONDS - 0.4) / tokens.length;
  return tokens.map((text, i) => ({ text, start: 0.2 + i * step, end: 0.2 + (i + 0.8) * step }));
}

export function previewFiles(template: CaptionTemplate, outDir: string): TemplatePreview {
  const base = path.join(outDir, template.name);
  return { thumbnail: `${base}.png`, preview: `${base}.mp4`, gif: `${base}.gif` };
}

const previewSample = (assFile: string) => ({ assFile, size: PREVIEW_SIZE, seconds: PREVIEW_SECONDS });

/**
 * What a template's preview files are made from (its captions and every argument list that makes them), as a
 * short hash: previews made once are reused wherever this is the same, and made again when any of it changes.
 */
export function templatePreviewKey(template: CaptionTemplate): string {
  const [video, thumbnail, gif] = ['preview.mp4', 'thumbnail.png', 'preview.gif'];
  return createHash('sha256')
    .update(buildAss(previewWords(), template, PREVIEW_SIZE))
    .update(JSON.stringify(captionSampleArgs(previewSample('captions.ass'), video)))
    .update(JSON.stringify(thumbnailArgs(video, PREVIEW_SECONDS * 0.6, thumbnail)))
    .update(JSON.stringify(previewGifArgs(video, gif)))
    .digest('hex')
    .slice(0, 16);
}

/** Renders the template's preview files into outDir unless they are already there. */
export async function renderTemplatePreview(
  template: CaptionTemplate,
  outDir: string,
  tools: MediaTools,
  signal?: AbortSignal,
): Promise<TemplatePreview> {
  const files = previewFiles(template, outDir);
  const done = await Promise.all(
    Object.values(files).map((file) =>
      stat(file).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (done.every(Boolean)) return files;
  await mkdir(outDir, { recursive: true });
  // names of this run's own, so processes sharing the directory never write into each other's files, and each
  // file appears whole, under its final name, only when it is complete
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const assFile = `.${template.name}.${run}.ass`;
  const partial = (file: string) => path.join(outDir, `.${run}.partial${path.extname(file)}`);
  const partials = Object.values(files).map(partial);
  try {
    await writeFile(path.join(outDir, assFile), buildAss(previewWords(), template, PREVIEW_SIZE));
    await runProcess(tools.ffmpeg, captionSampleArgs(previewSample(assFile), partial(files.preview)), {
      cwd: outDir,
      signal,
    });
    await runProcess(
      tools.ffmpeg,
      thumbnailArgs(partial(files.preview), PREVIEW_SECONDS * 0.6, partial(files.thumbnail)),
      {
        signal,
      },
    );
    await runProcess(tools.ffmpeg, previewGifArgs(partial(files.preview), partial(files.gif)), { signal });
    await rename(partial(files.thumbnail), files.thumbnail);
    await rename(partial(files.gif), files.gif);
    await rename(partial(files.preview), files.preview);
    return files;
  } catch (error) {
    await Promise.all(partials.map((file) => rm(file, { force: true })));
    throw error;
  } finally {
    await rm(path.join(outDir, assFile), { force: true });
  }
}
