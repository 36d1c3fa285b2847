import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../media/process.ts';
import { pairedPhotosArgs, patchedStillArgs } from '../media/sample-args.ts';
import type { MediaTools } from '../media/tools.ts';
import { FACE_IMAGE } from './generate.ts';
import { frameLoudness, jawDrop, mouthOpenings } from './jaw-drop.ts';
import { SAMPLE_RATE, VOICES, WordSynthesizer, wavFromPcm } from './speech.ts';

// A two-person talk with known truth, for the active-speaker camera: the sample face twice side by side (the
// right one mirrored), two espeak-ng voices taking turns and, once, talking over each other. The speaking face's
// jaw drops with its own voice's loudness frame by frame while the listener's mouth stays still; in the frozen
// version neither mouth moves. The truth says who speaks in every video frame.

export type Side = 'left' | 'right';

export interface TwoSpeakerTruth {
  fps: number;
  width: number;
  height: number;
  duration: number;
  mouthsMove: boolean;
  /** the turns in order, times in seconds; two turns that start together are spoken over each other */
  turns: { side: Side; start: number; end: number; text: string }[];
  /** who speaks in each video frame */
  speaking: (Side | 'both' | null)[];
  /** the centre of each mouth (closed) in the frame's pixels */
  mouths: Record<Side, { x: number; y: number }>;
}

const FPS = 25;
const SIZE = { width: 1280, height: 720 };
const BACKGROUND = '0x23313f';
const PHOTO = { width: 450, height: 510 };
/** the mouth's centre in the scaled photo, and the patch around it that the jaw drop redraws */
const MOUTH_IN_PHOTO = { x: 170, y: 226, width: 66 };
const PATCH = { width: 112, height: 112, mouthRow: 30 };
const PHOTO_AT: Record<Side, { x: number; y: number }> = {
  left: { x: 95, y: 105 },
  right: { x: 735, y: 105 },
};
const MAX_OPEN = 16;
const LEAD_IN = 0.6;
const TURN_GAP = 0.7;
const TAIL = 1.0;

const SCRIPT: { side: Side; text: string; together?: boolean }[] = [
  { side: 'left', text: 'Welcome back to the show. Today we talk about tools that run on your own machine.' },
  { side: 'right', text: 'Thanks for having me. I have wanted to talk about this for a long time.' },
  { side: 'left', text: 'So tell me, why does it matter where the software runs?' },
  { side: 'right', text: 'Because your videos stay with you, and nobody else decides what happens to them.' },
  { side: 'left', text: 'That sounds simple, but is it hard to set up?' },
  { side: 'right', text: 'Not at all. One command installs it, and it works without any network.' },
  { side: 'left', text: 'Exactly, that is the whole point of it.', together: true },
  { side: 'right', text: 'Yes, I agree with you completely.', together: true },
];

const bySide = <T>(make: (side: Side) => T): Record<Side, T> => ({
  left: make('left'),
  right: make('right'),
});

/** The mouth's centre in the frame, for a photo placed at `at` (the right one mirrored). */
function mouthAt(side: Side): { x: number; y: number } {
  const inPhoto = side === 'left' ? MOUTH_IN_PHOTO.x : PHOTO.width - 1 - MOUTH_IN_PHOTO.x;
  return { x: PHOTO_AT[side].x + inPhoto, y: PHOTO_AT[side].y + MOUTH_IN_PHOTO.y };
}

/** The patch's top-left corner in the frame. */
function patchAt(side: Side): { x: number; y: number } {
  const mouth = mouthAt(side);
  return { x: mouth.x - PATCH.width / 2, y: mouth.y - PATCH.mouthRow };
}

/** The patch of `side` cut out of the still picture. */
function cutPatch(still: Uint8Array, side: Side): Uint8Array {
  const at = patchAt(side);
  const patch = new Uint8Array(PATCH.width * PATCH.height * 3);
  for (let row = 0; row < PATCH.height; row++) {
    const from = ((at.y + row) * SIZE.width + at.x) * 3;
    patch.set(still.subarray(from, from + PATCH.width * 3), row * PATCH.width * 3);
  }
  return patch;
}

/** Who speaks in each frame, from the turns. */
export function speakingPerFrame(
  turns: TwoSpeakerTruth['turns'],
  frames: number,
): TwoSpeakerTruth['speaking'] {
  return Array.from({ length: frames }, (_, t) => {
    const at = (t + 0.5) / FPS;
    const sides = new Set(turns.filter((turn) => at >= turn.start && at < turn.end).map((turn) => turn.side));
    return sides.size === 2 ? 'both' : sides.size === 1 ? [...sides][0] : null;
  });
}

async function speak(signal?: AbortSignal) {
  const synth = new WordSynthesizer(signal);
  try {
    const voices = bySide((side) => VOICES[side === 'left' ? 0 : 1]);
    const spoken = await Promise.all(SCRIPT.map((line) => synth.word(voices[line.side], line.text)));
    const turns: TwoSpeakerTruth['turns'] = [];
    let cursor = LEAD_IN;
    spoken.forEach((samples, i) => {
      const line = SCRIPT[i];
      const start = line.together && SCRIPT[i - 1]?.together ? turns[i - 1].start : cursor;
      const end = start + samples.length / SAMPLE_RATE;
      turns.push({ side: line.side, start, end, text: line.text });
      cursor = Math.max(cursor, end + TURN_GAP);
    });
    const duration = Math.max(...turns.map((turn) => turn.end)) + TAIL;
    const length = Math.ceil(duration * SAMPLE_RATE);
    const tracks = bySide(() => new Int16Array(length));
    spoken.forEach((samples, i) =>
      tracks[turns[i].side].set(samples, Math.round(turns[i].start * SAMPLE_RATE)),
    );
    const mix = tracks.left.map((value, i) => Math.max(-32768, Math.min(32767, value + tracks.right[i])));
    return { turns, duration, tracks, mix };
  } finally {
    await synth.close();
  }
}

/**
 * Writes `<name>.mp4` and `<name>.truth.json` into `outDir` (1280×720, 25 fps): the two-person talk, its mouths
 * moving with their voices unless `mouthsMove` is false.
 */
export async function generateTwoSpeakerTalk(options: {
  outDir: string;
  name: string;
  mouthsMove: boolean;
  /** the configured ffmpeg (CLIPFORGE_FFMPEG_PATH), never one found on PATH */
  tools: Pick<MediaTools, 'ffmpeg'>;
  signal?: AbortSignal;
}): Promise<{ videoPath: string; truthPath: string; truth: TwoSpeakerTruth }> {
  await mkdir(options.outDir, { recursive: true });
  const { turns, duration, tracks, mix } = await speak(options.signal);
  const frames = Math.ceil(duration * FPS);
  const truth: TwoSpeakerTruth = {
    fps: FPS,
    ...SIZE,
    duration,
    mouthsMove: options.mouthsMove,
    turns,
    speaking: speakingPerFrame(turns, frames),
    mouths: { left: mouthAt('left'), right: mouthAt('right') },
  };
  const scratch = path.join(options.outDir, `${options.name}.parts`);
  await mkdir(scratch, { recursive: true });
  try {
    const still = path.join(scratch, 'still.rgb');
    const wav = path.join(scratch, 'talk.wav');
    const photos = { size: SIZE, background: BACKGROUND, image: FACE_IMAGE, photo: PHOTO, ...PHOTO_AT };
    await runProcess(options.tools.ffmpeg, pairedPhotosArgs(photos, still), { signal: options.signal });
    await writeFile(wav, wavFromPcm(mix));
    const picture = new Uint8Array(await readFile(still));
    const sides: Side[] = ['left', 'right'];
    const openings = bySide((side) =>
      options.mouthsMove
        ? mouthOpenings(frameLoudness(tracks[side], SAMPLE_RATE, FPS, frames), MAX_OPEN)
        : new Array<number>(frames).fill(0),
    );
    const patches = bySide((side) => ({ ...PATCH, data: cutPatch(picture, side) }));
    const rowBytes = PATCH.width * 3;
    const stream = Buffer.alloc(frames * 2 * rowBytes * PATCH.height);
    for (let t = 0; t < frames; t++) {
      sides.forEach((side, s) => {
        const drawn = jawDrop(
          patches[side],
          { row: PATCH.mouthRow, col: PATCH.width / 2, width: MOUTH_IN_PHOTO.width },
          openings[side][t],
        );
        for (let row = 0; row < PATCH.height; row++)
          stream.set(
            drawn.subarray(row * rowBytes, (row + 1) * rowBytes),
            ((t * PATCH.height + row) * 2 + s) * rowBytes,
          );
      });
    }
    const videoPath = path.join(options.outDir, `${options.name}.mp4`);
    const video = { still, size: SIZE, fps: FPS, patch: PATCH, ...bySide(patchAt), audio: wav, duration };
    await runProcess(options.tools.ffmpeg, patchedStillArgs(video, videoPath), {
      signal: options.signal,
      input: stream,
    });
    const truthPath = path.join(options.outDir, `${options.name}.truth.json`);
    await writeFile(truthPath, `${JSON.stringify(truth, null, 1)}\n`);
    return { videoPath, truthPath, truth };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
