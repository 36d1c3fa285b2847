import { describe, expect, it } from 'vitest';
import { captionSampleArgs, previewGifArgs } from './preview-args.ts';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('preview arguments', () => {
  it('burn the captions into a generated clip of the asked size and length, without sound', () => {
    const args = captionSampleArgs(
      { assFile: '.x.ass', size: { width: 540, height: 960 }, seconds: 3 },
      '/o.mp4',
    );
    expect(after(args, '-i')).toMatch(/^gradients=s=540x960:.*:d=3:/);
    expect(after(args, '-vf')).toBe('ass=.x.ass,format=yuv420p');
    expect(after(args, '-t')).toBe('3');
    expect(after(args, '-c:v')).toBe('libx264');
    expect(args).not.toContain('-c:a');
    expect(args.at(-1)).toBe('/o.mp4');
  });

  it('make a GIF from the video with its own palette', () => {
    const args = previewGifArgs('/v.mp4', '/o.gif');
    expect(after(args, '-i')).toBe('/v.mp4');
    expect(after(args, '-vf')).toContain('palettegen=max_colors=64[p];[b][p]paletteuse');
    expect(args.at(-1)).toBe('/o.gif');
  });
});
