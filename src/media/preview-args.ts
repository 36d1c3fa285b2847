import { mp4EncodeArgs } from './encode.ts';
import { QUIET_ARGS } from './progress.ts';
import type { FrameSize } from './render-args.ts';

// ffmpeg arguments for the catalogues' previews: a caption template burnt into a sample clip, and a small GIF
// of a video. (A preview's still frame is `thumbnailArgs` of render-args.ts.)

/** `seconds` of a slowly moving gradient of `size` with the ASS file's captions burnt in, without sound. */
export function captionSampleArgs(
  input: { assFile: string; size: FrameSize; seconds: number },
  output: string,
): string[] {
  const { assFile, size, seconds } = input;
  return [
    ...QUIET_ARGS,
    '-f',
    'lavfi',
    '-i',
    `gradients=s=${size.width}x${size.height}:c0=0x1d2b3a:c1=0x3a2414:d=${seconds}:r=30:speed=0.02`,
    '-vf',
    `ass=${assFile},format=yuv420p`,
    '-t',
    String(seconds),
    ...mp4EncodeArgs({ preset: 'veryfast', audio: false }),
    output,
  ];
}

/** A small GIF of `video`: 10 fps, 270 pixels wide, 64 colours picked from the video itself. */
export function previewGifArgs(video: string, output: string): string[] {
  return [
    ...QUIET_ARGS,
    '-i',
    video,
    '-vf',
    'fps=10,scale=270:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=64[p];[b][p]paletteuse',
    output,
  ];
}
