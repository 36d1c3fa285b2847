import { mp4EncodeArgs } from './encode.ts';
import { QUIET_ARGS } from './progress.ts';
import type { FrameSize } from './render-args.ts';

// ffmpeg arguments for the generated sample talks (demo, tests, evaluation, benchmark): a talking face over
// coloured scenes, and a two-person talk whose mouths are drawn frame by frame by the caller.

interface Point {
  x: number;
  y: number;
}

export interface TalkPicture {
  size: FrameSize;
  /** the scenes in order, each a plain colour (0xRRGGBB) with its topic's title in the top-left corner */
  scenes: { colour: string; seconds: number; title: string }[];
  title: { fontSize: number; at: Point };
  /** an image laid over the scenes at `size`, its top-left corner at x and y: ffmpeg expressions of t */
  face: { image: string; size: FrameSize; x: string; y: string };
  /** the talk's sound */
  audio: string;
  duration: number;
}

/** A title as drawtext's text: the characters that would end or escape it are left out. */
const drawableText = (text: string) => text.replace(/[':\\]/g, '');

/** A sample talk: the face over its scenes, cut from one to the next, with the talk's sound. */
export function talkVideoArgs(picture: TalkPicture, output: string): string[] {
  const { width, height } = picture.size;
  const { fontSize, at } = picture.title;
  const inputs = picture.scenes.flatMap(({ colour, seconds }) => [
    '-f',
    'lavfi',
    '-i',
    `color=c=${colour}:s=${width}x${height}:r=30:d=${seconds.toFixed(3)}`,
  ]);
  const scenes = picture.scenes.map(
    ({ title }, scene) =>
      `[${scene}:v]drawtext=font='DejaVu Sans':text='${drawableText(title)}':fontcolor=white@0.85:fontsize=${fontSize}:x=${at.x}:y=${at.y}[s${scene}]`,
  );
  const faceInput = scenes.length;
  const { face } = picture;
  const filter = [
    ...scenes,
    `${scenes.map((_, i) => `[s${i}]`).join('')}concat=n=${scenes.length}:v=1:a=0[bg]`,
    `[${faceInput}:v]scale=${face.size.width}:${face.size.height},format=yuv420p[face]`,
    `[bg][face]overlay=x='${face.x}':y='${face.y}':shortest=1,format=yuv420p[v]`,
  ].join(';');
  return [
    ...QUIET_ARGS,
    ...inputs,
    ...['-loop', '1', '-framerate', '30', '-i', face.image],
    ...['-i', picture.audio],
    ...['-filter_complex', filter, '-map', '[v]', '-map', `${faceInput + 1}:a`],
    ...mp4EncodeArgs({ preset: 'ultrafast', crf: 24, audio: true }),
    ...['-t', picture.duration.toFixed(3), output],
  ];
}

export interface PairedPhotos {
  size: FrameSize;
  /** the background colour, 0xRRGGBB */
  background: string;
  image: string;
  /** the photo's size in the picture */
  photo: FrameSize;
  /** top-left corners: the photo on the left, its mirror image on the right */
  left: Point;
  right: Point;
}

/** One raw RGB24 frame: a photo and its mirror image side by side on a plain background. */
export function pairedPhotosArgs(still: PairedPhotos, output: string): string[] {
  const { size, photo, left, right } = still;
  return [
    ...QUIET_ARGS,
    ...[
      '-f',
      'lavfi',
      '-i',
      `color=c=${still.background}:s=${size.width}x${size.height}:d=1`,
      '-i',
      still.image,
    ],
    '-filter_complex',
    `[1:v]scale=${photo.width}:${photo.height},split[a][b];[b]hflip[m];` +
      `[0:v][a]overlay=${left.x}:${left.y}[l];[l][m]overlay=${right.x}:${right.y},format=rgb24[v]`,
    ...['-map', '[v]', '-frames:v', '1', '-f', 'rawvideo', output],
  ];
}

export interface PatchedStill {
  /** a raw RGB24 frame of `size`, shown throughout */
  still: string;
  size: FrameSize;
  fps: number;
  /** two patches of this size side by side in each raw RGB24 frame on stdin, laid over the still */
  patch: FrameSize;
  left: Point;
  right: Point;
  audio: string;
  duration: number;
}

/** A video of the still picture with two patches read from stdin, frame by frame, laid over it, and the sound. */
export function patchedStillArgs(video: PatchedStill, output: string): string[] {
  const { size, patch, left, right, fps } = video;
  const rawInput = (frame: FrameSize) => [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${frame.width}x${frame.height}`,
    '-framerate',
    String(fps),
  ];
  return [
    ...QUIET_ARGS,
    ...rawInput(size),
    ...['-stream_loop', '-1', '-i', video.still],
    ...rawInput({ width: 2 * patch.width, height: patch.height }),
    ...['-i', 'pipe:0', '-i', video.audio],
    '-filter_complex',
    `[1:v]split[p][q];[p]crop=${patch.width}:${patch.height}:0:0[pl];[q]crop=${patch.width}:${patch.height}:${patch.width}:0[pr];` +
      `[0:v][pl]overlay=${left.x}:${left.y}[l];[l][pr]overlay=${right.x}:${right.y},format=yuv420p[v]`,
    ...['-map', '[v]', '-map', '2:a', '-t', video.duration.toFixed(3)],
    ...mp4EncodeArgs({ preset: 'veryfast', crf: 18, videoOptions: ['-r', String(fps)], audio: true }),
    output,
  ];
}

/** The video played `times` times in a row, its streams copied. */
export function repeatedCopyArgs(video: string, times: number, output: string): string[] {
  return [...QUIET_ARGS, ...['-stream_loop', String(times - 1), '-i', video, '-c', 'copy', output]];
}

/**
 * `video` coded as a download from a video site is: H.264 High with B-frames (which a fast encode has none of, and
 * which change what decoding costs), its sound as AAC.
 */
export function downloadLikeArgs(video: string, output: string): string[] {
  return [
    ...QUIET_ARGS,
    ...['-i', video],
    ...mp4EncodeArgs({
      preset: 'veryfast',
      crf: 23,
      videoOptions: ['-profile:v', 'high', '-bf', '3'],
      audio: true,
    }),
    output,
  ];
}
