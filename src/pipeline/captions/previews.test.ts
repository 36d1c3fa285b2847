import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/probe.ts';
import { previewWords, renderTemplatePreview } from './previews.ts';
import { findTemplate } from './templates.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-previews-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('template previews', () => {
  it('times the sample phrase inside the preview', () => {
    const words = previewWords();
    expect(words.length).toBeGreaterThan(4);
    expect(words[0].start).toBeGreaterThan(0);
    expect(words.at(-1)!.end).toBeLessThanOrEqual(3);
  });

  it('renders a 540×960 MP4, a PNG and a GIF with the real template, once', async () => {
    const files = await renderTemplatePreview(findTemplate('beast')!, dir, TEST_TOOLS);
    expect((await probeMedia(files.preview, TEST_TOOLS)).video).toMatchObject({
      width: 540,
      height: 960,
      codec: 'h264',
    });
    expect((await probeMedia(files.thumbnail, TEST_TOOLS)).video).toMatchObject({ width: 540, height: 960 });
    expect((await probeMedia(files.gif, TEST_TOOLS)).video?.codec).toBe('gif');
    expect((await readdir(dir)).sort()).toEqual(['beast.gif', 'beast.mp4', 'beast.png']);
    const again = await renderTemplatePreview(findTemplate('beast')!, dir, TEST_TOOLS);
    expect(again).toEqual(files);
  });
});
