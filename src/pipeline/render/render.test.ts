import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/probe.ts';
import { runProcess } from '../../media/process.ts';
import { copyMedia, patternClip } from '../../../test/helpers/media.ts';
import { findTemplate } from '../captions/templates.ts';
import { cropSize, framingFilter } from '../framing/filters.ts';
import { CancelledError } from '../../domain/errors.ts';
import type { Layout } from '../../domain/options.ts';
import { thumbnailArgs } from '../../media/render-args.ts';
import { outputSize, renderShort, sha256File, thumbnailTime, type RenderRequest } from './index.ts';
import { TEST_TOOLS } from '../../../test/helpers/tools.ts';

let dir: string;
let source: string;
const words = 'This is a caption test with words'
  .split(' ')
  .map((text, i) => ({ text, start: 0.2 + i * 0.35, end: 0.5 + i * 0.35 }));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cf-render-'));
  source = path.join(dir, 'source.mp4');
  await copyMedia(patternClip({ width: 640, height: 360, seconds: 5 }), source);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function request(overrides: Partial<RenderRequest> & { layout?: Layout } = {}): RenderRequest {
  const layout = overrides.layout ?? 'fill';
  return {
    videoPath: source,
    start: 1,
    end: 3.5,
    words,
    template: findTemplate('hormozi1')!,
    layout,
    framing: layout === 'fit' ? { kind: 'fit' } : { kind: 'fill' },
    sourceSize: { width: 640, height: 360 },
    outDir: dir,
    baseName: `short-${layout}`,
    signal: new AbortController().signal,
    tools: TEST_TOOLS,
    preset: 'ultrafast',
    ...overrides,
  };
}

async function frame(video: string, at: number, out: string): Promise<Buffer> {
  await runProcess('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-ss',
    String(at),
    '-i',
    video,
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    out,
  ]);
  return readFile(out);
}

describe('framing filters', () => {
  it('crops the largest region of the output aspect', () => {
    expect(cropSize({ width: 1920, height: 1080 }, { width: 1080, height: 1920 })).toEqual({
      width: 608,
      height: 1080,
    });
    expect(cropSize({ width: 1080, height: 1920 }, { width: 1080, height: 1080 })).toEqual({
      width: 1080,
      height: 1080,
    });
    expect(
      framingFilter({ kind: 'fill' }, { width: 1920, height: 1080 }, { width: 1080, height: 1920 }),
    ).toBe('[0:v]crop=608:1080,scale=1080:1920,setsar=1[framed]');
    expect(
      framingFilter({ kind: 'fit' }, { width: 1920, height: 1080 }, { width: 1080, height: 1920 }),
    ).toMatch(/boxblur.*overlay=\(W-w\)\/2:\(H-h\)\/2,setsar=1\[framed\]$/);
  });

  it('gives square output for the square layout', () => {
    expect(outputSize('square')).toEqual({ width: 1080, height: 1080 });
    expect(outputSize('auto')).toEqual({ width: 1080, height: 1920 });
  });
});

describe('renderShort', () => {
  it('renders a faststart 1080×1920 H.264 + AAC short with thumbnail, captions and checksum', async () => {
    const output = await renderShort(request());
    expect(output).toMatchObject({ width: 1080, height: 1920 });
    expect(Math.abs(output.duration - 2.5)).toBeLessThan(0.1);
    const probe = await probeMedia(output.videoPath, TEST_TOOLS);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920 });
    expect(Math.round(probe.video!.fps)).toBe(30);
    expect(probe.audio?.codec).toBe('aac');
    const head = Buffer.alloc(4096);
    const file = await open(output.videoPath, 'r');
    await file.read(head, 0, head.length, 0);
    await file.close();
    const text = head.toString('latin1');
    expect(text.indexOf('moov')).toBeGreaterThan(0);
    expect(text.indexOf('moov')).toBeLessThan(text.indexOf('mdat') === -1 ? Infinity : text.indexOf('mdat'));
    expect(output.sha256).toBe(await sha256File(output.videoPath));
    expect((await probeMedia(output.thumbnailPath, TEST_TOOLS)).video).toMatchObject({
      width: 1080,
      height: 1920,
    });
    expect(await readFile(output.srtPath, 'utf8')).toContain('This is a');
  });

  it('takes the thumbnail from the render: the frame a seek to the thumbnail time in the short decodes, same size', async () => {
    // at the short's own 30 fps, so that no frame is a repeat of its neighbour
    const moving = path.join(dir, 'moving.mp4');
    await copyMedia(patternClip({ width: 640, height: 360, seconds: 5, rate: 30 }), moving);
    const output = await renderShort(request({ baseName: 'thumbnail', videoPath: moving }));
    const at = thumbnailTime(request());
    const gray = async (image: string) => {
      const pixels = `${image}.gray`;
      await runProcess('ffmpeg', [
        '-loglevel',
        'error',
        '-y',
        '-i',
        image,
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray',
        pixels,
      ]);
      return readFile(pixels);
    };
    const seekedAt = async (seconds: number) => {
      const jpeg = path.join(dir, `seeked-${seconds.toFixed(3)}.jpg`);
      await runProcess('ffmpeg', thumbnailArgs(output.videoPath, seconds, jpeg));
      return gray(jpeg);
    };
    const meanDifference = (a: Buffer, b: Buffer) => {
      expect(a.length).toBe(b.length);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
      return sum / a.length;
    };
    const thumbnail = await gray(output.thumbnailPath);
    expect(thumbnail.length).toBe(1080 * 1920);
    const same = meanDifference(thumbnail, await seekedAt(at));
    // the moving pattern changes from frame to frame: the frames either side differ far more than the encoding
    // (a seek decodes the first frame at or after its time, and the times are written to the millisecond)
    const before = meanDifference(thumbnail, await seekedAt(at - 1.2 / 30));
    const after = meanDifference(thumbnail, await seekedAt(at + 0.8 / 30));
    expect(same).toBeLessThan(1);
    expect(Math.min(before, after)).toBeGreaterThan(5 * same);
  });

  it('burns the captions into the picture', async () => {
    const captioned = await renderShort(request({ baseName: 'with-captions' }));
    const plain = await renderShort(request({ baseName: 'without-captions', words: [] }));
    const a = await frame(captioned.videoPath, 1.0, path.join(dir, 'a.gray'));
    const b = await frame(plain.videoPath, 1.0, path.join(dir, 'b.gray'));
    const rowStart = Math.floor(1920 * 0.6) * 1080;
    const rowEnd = Math.floor(1920 * 0.8) * 1080;
    let differing = 0;
    for (let i = rowStart; i < rowEnd; i++) if (Math.abs(a[i] - b[i]) > 40) differing++;
    expect(differing).toBeGreaterThan(5000);
  });

  it.each([
    ['fit', 1080, 1920],
    ['square', 1080, 1080],
  ] as const)('renders the %s layout at %i×%i', async (layout, width, height) => {
    const output = await renderShort(request({ layout }));
    expect(output).toMatchObject({ width, height });
  });

  it('stops at once on abort and leaves no partial files', async () => {
    const controller = new AbortController();
    const running = renderShort(
      request({ baseName: 'aborted', signal: controller.signal, end: 5, preset: 'veryslow' }),
    );
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect((await readdir(dir)).filter((name) => name.startsWith('aborted'))).toEqual([]);
  });
});
