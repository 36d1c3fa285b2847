import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedSample, SHARED_SAMPLES } from '../../../test/helpers/sample-cache.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';
import { findTemplate } from '../captions/templates.ts';
import { renderShort, type RenderRequest } from './index.ts';

// A render writes in its scratch folder (the job's work folder) and moves the short's files into the served folder
// once they are whole: while it runs, and after it fails, the served folder holds nothing of it, so a worker that
// dies mid-render leaves no partial file among a request's files.

let root: string;
let videoPath: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'cf-render-staging-'));
  videoPath = (await cachedSample(SHARED_SAMPLES.small40)).videoPath;
});
afterAll(() => rm(root, { recursive: true, force: true }));

function request(name: string, signal = new AbortController().signal): RenderRequest {
  return {
    videoPath,
    start: 3.37,
    end: 9.81,
    words: [{ text: 'hello', start: 0.2, end: 0.6 }],
    template: findTemplate('hormozi1')!,
    layout: 'fill',
    framing: { kind: 'fill' },
    sourceSize: { width: 640, height: 360 },
    outDir: path.join(root, name, 'files'),
    scratchDir: path.join(root, name, 'work'),
    baseName: 'short-1-abcd',
    signal,
    tools: TEST_TOOLS,
    preset: 'ultrafast',
  };
}

const listed = (dir: string) => readdir(dir).catch(() => [] as string[]);

describe('a render’s scratch folder', () => {
  it('keeps the served folder empty until the short is whole, then moves every file there', async () => {
    const req = request('whole');
    const seenWhileRendering: string[][] = [];
    const output = await renderShort({
      ...req,
      onProgress: (fraction) => {
        if (fraction < 1) void listed(req.outDir).then((names) => seenWhileRendering.push(names));
      },
    });
    expect(seenWhileRendering.length).toBeGreaterThan(0);
    expect(seenWhileRendering.flat()).toEqual([]);
    expect((await listed(req.outDir)).sort()).toEqual(
      [
        'short-1-abcd.ass',
        'short-1-abcd.jpg',
        'short-1-abcd.mp4',
        'short-1-abcd.srt',
        'short-1-abcd.vtt',
      ].sort(),
    );
    expect(await listed(req.scratchDir!)).toEqual([]);
    expect(path.dirname(output.videoPath)).toBe(req.outDir);
    expect(path.dirname(output.thumbnailPath)).toBe(req.outDir);
  });

  it('leaves nothing in either folder when the render is stopped', async () => {
    const stop = new AbortController();
    const req = request('stopped', stop.signal);
    const rendering = renderShort({ ...req, onProgress: () => stop.abort() });
    await expect(rendering).rejects.toThrow();
    expect(await listed(req.outDir)).toEqual([]);
    expect(await listed(req.scratchDir!)).toEqual([]);
  });
});
