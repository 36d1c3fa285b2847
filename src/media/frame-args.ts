import os from 'node:os';
import type { FrameSize } from './render-args.ts';

// ffmpeg arguments that decode one stretch of a video for looking at it: frames for the face detector and the
// speaker model on stdout, scene cuts logged by scdet on stderr. Nothing is written to disk.

/**
 * Widest frame scdet compares for framing. Up to 1080p it sees the decoded frames themselves: scaling every frame
 * costs more than comparing it, and small frames hide the softer cuts (a two-shot to a close-up of one colour).
 */
const SCENE_MAX_WIDTH = 1920;

/** Width of the frames the scene probe compares: only the pauses' stretches are probed, small. */
const SCENE_PROBE_WIDTH = 160;

/**
 * Decoding threads of a stretch that is looked at: the looking (the face detector, the speaker model, another
 * probe) keeps one core busy, so the decoder gets the others. On two cores that is one thread, which also costs
 * about half the CPU of the decoder's frame threads on a light 1080p picture (they wait on each other's frames).
 */
export const LOOKING_DECODE_THREADS = Math.max(1, os.availableParallelism() - 1);

const LOG_TO_STDERR = ['-hide_banner', '-nostats', '-loglevel', 'info'];

/**
 * One input of ffmpeg: one stretch of the video only. `referenceFramesOnly` leaves out the frames no other frame is
 * predicted from (most B-frames): every frame that is decoded is then exactly the frame a full decode makes, at
 * about half the decoding on a source with B-frames.
 */
function stretchInput(
  videoPath: string,
  start: number,
  end: number,
  { referenceFramesOnly = false } = {},
): string[] {
  return [
    '-threads',
    String(LOOKING_DECODE_THREADS),
    '-skip_loop_filter',
    'all',
    ...(referenceFramesOnly ? ['-skip_frame', 'noref'] : []),
    '-ss',
    start.toFixed(3),
    '-t',
    (end - start).toFixed(3),
    '-i',
    videoPath,
  ];
}

/** ffmpeg's input side for decoding one stretch of the video only (scene-detector logs on, no audio). */
function videoStretchArgs(
  videoPath: string,
  start: number,
  end: number,
  options: { referenceFramesOnly?: boolean } = {},
): string[] {
  return [...LOG_TO_STDERR, ...stretchInput(videoPath, start, end, options), '-an', '-sn'];
}

const RAW_FRAMES_TO_STDOUT = ['-f', 'rawvideo', 'pipe:1'];

/** The filters that look for scene cuts as framing does (scdet logs each cut it finds). */
const sceneDetection = (threshold: number) =>
  `scale=w='min(iw,${SCENE_MAX_WIDTH})':h=-2,scdet=threshold=${threshold}`;

/**
 * ffmpeg arguments: RGB24 frames of `frame` size at `sampleFps` on stdout; on stderr, the time of every decoded
 * frame (the metadata filter's log) and each scene cut's frame (showinfo's: its time and coding). Only reference
 * frames are decoded, so a cut that falls on a frame left out is seen at the next one (cutFrameLog tells when).
 */
export function faceSamplingArgs(input: {
  videoPath: string;
  start: number;
  end: number;
  frame: FrameSize;
  sampleFps: number;
  /** scdet threshold, 0–100 */
  sceneThreshold: number;
}): string[] {
  const { frame } = input;
  return [
    ...videoStretchArgs(input.videoPath, input.start, input.end, { referenceFramesOnly: true }),
    '-filter_complex',
    // the detector's frames are picked before they are scaled: only the sampled frames pay for a scale (about a
    // third less CPU than scaling every frame to the detector's size), so it can afford a filter as wide as the
    // step down (fast_bilinear reads two pixels of every four or more, and the boxes found on it move by pixels)
    `[0:v]split[sample][scene];` +
      `[sample]fps=${input.sampleFps},scale=${frame.width}:${frame.height}:flags=area,format=rgb24[frames];` +
      `[scene]${sceneDetection(input.sceneThreshold)},` +
      `metadata=mode=print:key=lavfi.scd.mafd,metadata=mode=select:key=lavfi.scd.time,showinfo,nullsink`,
    '-map',
    '[frames]',
    ...RAW_FRAMES_TO_STDOUT,
  ];
}

/** The filter that logs the cuts of stretch `index` of a decode of several (scene-cuts.ts reads its lines). */
export const stretchCutLogger = (index: number) => `metadata@stretch${index}`;

/**
 * ffmpeg arguments: each stretch (from no earlier than the video's start) an input of its own, its frames (only
 * those other frames refer to, unless every frame is asked for) through `filters`, which find scene cuts; the cuts
 * of each are logged by its own `stretchCutLogger`, and nothing is written. One ffmpeg decodes them all: starting
 * it costs more than decoding a stretch of a second or two.
 */
function stretchesThroughArgs(
  videoPath: string,
  stretches: readonly { start: number; end: number }[],
  filters: string,
  { referenceFramesOnly }: { referenceFramesOnly: boolean },
): string[] {
  const chains = stretches.map(
    (_, i) => `[${i}:v]${filters},${stretchCutLogger(i)}=mode=print:key=lavfi.scd.time[cuts${i}]`,
  );
  return [
    ...LOG_TO_STDERR,
    ...stretches.flatMap((stretch) =>
      stretchInput(videoPath, Math.max(0, stretch.start), stretch.end, { referenceFramesOnly }),
    ),
    '-an',
    '-sn',
    '-filter_complex',
    chains.join(';'),
    ...stretches.flatMap((_, i) => ['-map', `[cuts${i}]`]),
    '-f',
    'null',
    '-',
  ];
}

/** ffmpeg arguments: decode every frame of each stretch, log its scene cuts as framing finds them, write nothing. */
export function exactSceneCutArgs(
  videoPath: string,
  stretches: readonly { start: number; end: number }[],
  threshold: number,
): string[] {
  return stretchesThroughArgs(videoPath, stretches, sceneDetection(threshold), {
    referenceFramesOnly: false,
  });
}

/**
 * ffmpeg arguments: decode each stretch small, log its scene cuts at `threshold`, write nothing. Only reference
 * frames are decoded: a topic edge is told from a cut within a few tenths of a second of a pause, far more than the
 * frame or two a cut onto a left-out frame is seen late.
 */
export function sceneProbeArgs(
  videoPath: string,
  stretches: readonly { start: number; end: number }[],
  threshold: number,
): string[] {
  return stretchesThroughArgs(
    videoPath,
    stretches,
    `scale=${SCENE_PROBE_WIDTH}:-2:flags=fast_bilinear,scdet=threshold=${threshold}`,
    { referenceFramesOnly: true },
  );
}

/** ffmpeg arguments: every frame of the stretch at `fps`, as RGB24 of `frame` size on stdout. */
export function rgbFramesArgs(
  videoPath: string,
  start: number,
  end: number,
  frame: FrameSize,
  fps: number,
): string[] {
  return [
    ...videoStretchArgs(videoPath, start, end),
    '-vf',
    `fps=${fps},scale=${frame.width}:${frame.height}:flags=bilinear,format=rgb24`,
    ...RAW_FRAMES_TO_STDOUT,
  ];
}
