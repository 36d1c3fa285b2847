import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../../src/media/process.ts';
import { FACE_IMAGE } from '../../src/sample/generate.ts';
import { generateTwoSpeakerTalk, type TwoSpeakerTruth } from '../../src/sample/two-speakers.ts';
import { TEST_TOOLS } from './tools.ts';

// The catalogue of test media: each awkward clip the tests need, by name, made once per machine from its recipe
// and cached across test files and runs (as sample-cache.ts does for generated talks). A test that needs the file
// under a name of its own, or beside other files it serves, copies it.

/** Where made media are kept; a file's name carries a hash of its recipe, so a changed recipe makes a new file. */
export const TEST_MEDIA_DIR = path.join(os.tmpdir(), 'clipforge-test-media');

/** ffmpeg's arguments before the output file, and the output's extension; or the text of a file that is no media. */
type Recipe = { ffmpeg: string[]; ext: string; version?: string } | { text: string; ext: string };

const pending = new Map<string, Promise<string>>();

/** The file `recipe` makes, named `name`: made at the first call on this machine, the cached file after that. */
export function cachedMedia(name: string, recipe: Recipe): Promise<string> {
  const key = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 12);
  const file = path.join(TEST_MEDIA_DIR, `${name}-${key}.${recipe.ext}`);
  let made = pending.get(file);
  if (!made) {
    made = make(file, recipe);
    pending.set(file, made);
  }
  return made;
}

async function make(file: string, recipe: Recipe): Promise<string> {
  if (existsSync(file)) return file;
  await mkdir(TEST_MEDIA_DIR, { recursive: true });
  // written aside and renamed into place: a test file running beside this one never reads half a file
  const partial = `${file.slice(0, -recipe.ext.length - 1)}.${process.pid}-${randomBytes(4).toString('hex')}.${recipe.ext}`;
  if ('text' in recipe) await writeFile(partial, recipe.text);
  else
    await runProcess(TEST_TOOLS.ffmpeg, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      ...recipe.ffmpeg,
      partial,
    ]);
  await rename(partial, file);
  return file;
}

export interface ClipOptions {
  width?: number;
  height?: number;
  seconds?: number;
  /** frames per second of the picture */
  rate?: number;
  /** samples per second of the tone (ffmpeg's sine default, 44.1 kHz, unless told) */
  sampleRate?: number;
}

const pattern = ({ width = 320, height = 180, seconds = 4, rate = 25 }: ClipOptions) => [
  ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}:duration=${seconds}`],
];
const tone = ({ seconds = 4, sampleRate }: ClipOptions) => [
  ...['-f', 'lavfi', '-i', `sine=frequency=440${sampleRate ? `:r=${sampleRate}` : ''}:duration=${seconds}`],
];
const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];

/** ffmpeg's moving test pattern with a 440 Hz tone (320×180, 25 fps, 4 s unless told). */
export const patternClip = (options: ClipOptions = {}) =>
  cachedMedia('pattern-clip', {
    ffmpeg: [...pattern(options), ...tone(options), ...H264, '-c:a', 'aac', '-shortest'],
    ext: 'mp4',
  });

/** The moving test pattern with no audio stream at all. */
export const silentVideo = (options: ClipOptions = {}) =>
  cachedMedia('silent-video', { ffmpeg: [...pattern(options), ...H264], ext: 'mp4' });

/** A 440 Hz tone alone, AAC in an .m4a. */
export const toneAudio = (options: ClipOptions = {}) =>
  cachedMedia('tone-audio', { ffmpeg: [...tone(options), '-c:a', 'aac'], ext: 'm4a' });

/**
 * The moving pattern (320×180, 25 fps) for `seconds` over a sound of its own: a lavfi audio source, or a file
 * looped to length (`{ loop: file }`; its size and time join the recipe, so a remade file makes a new clip).
 */
export const patternOver = (sound: string | { loop: string }, seconds: number) =>
  cachedMedia('pattern-over-sound', {
    ffmpeg: [
      ...pattern({ seconds }),
      ...(typeof sound === 'string'
        ? ['-f', 'lavfi', '-i', sound]
        : ['-stream_loop', '-1', '-i', sound.loop]),
      ...['-t', String(seconds), ...H264, '-c:a', 'aac', '-shortest'],
    ],
    ext: 'mp4',
    ...(typeof sound === 'string' ? {} : { version: versionOf(sound.loop) }),
  });

/** A file's size and modification time: what tells a cached clip made from it is stale. */
function versionOf(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return `${size}-${mtimeMs}`;
}

/** A file named like a video that holds only text. */
export const notAVideo = () => cachedMedia('not-a-video', { text: 'not a video\n'.repeat(100), ext: 'mp4' });

/**
 * A 300 Hz tone that sounds only inside `spans` (seconds) and is digital silence elsewhere: speech and pauses, as
 * a voice-activity detector sees them. 16 kHz mono WAV.
 */
export const toneWithPauses = (seconds: number, spans: [number, number][]) =>
  cachedMedia('tone-with-pauses', {
    ffmpeg: [
      ...['-f', 'lavfi', '-i'],
      `sine=f=300:d=${seconds},volume='if(${spans.map(([from, to]) => `between(t,${from},${to})`).join('+')},1,0)':eval=frame`,
      ...['-ar', '16000', '-ac', '1'],
    ],
    ext: 'wav',
  });

/**
 * A talk driven into a soft clipper, then set `quiet` (about −33 LUFS, true peak −23 dBTP) or `loud` (about
 * −9 LUFS, true peak over 0 dBTP): speech whose peaks sit close to its loudness, as in mastered audio, so a
 * single gain brings it to −14 LUFS without limiting. 44.1 kHz stereo AAC; the picture copied.
 */
export const clippedTalk = (talk: string, level: 'quiet' | 'loud') =>
  cachedMedia(`clipped-talk-${level}`, {
    ffmpeg: [
      ...['-i', talk, '-af', `volume=20dB,asoftclip=type=tanh,volume=${level === 'quiet' ? -26 : -1}dB`],
      ...['-ar', '44100', '-ac', '2', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k'],
    ],
    ext: 'mp4',
  });

/** A talk whose level steps: −12 dB for its first 12 s, as it is up to 24 s, then −6 dB (a loudness to integrate). */
export const steppedTalk = (talk: string) =>
  cachedMedia('stepped-talk', {
    ffmpeg: [
      ...['-i', talk, '-af', `volume=eval=frame:volume='if(lt(t,12),0.25,if(lt(t,24),1,0.5))'`],
      ...['-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k'],
    ],
    ext: 'mp4',
  });

/** Pink noise, 16 kHz mono WAV (seeded, the same every time): whisper hears something in it. */
export const pinkNoise = (seconds: number) =>
  cachedMedia('pink-noise', {
    ffmpeg: [
      ...[
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=color=pink:amplitude=0.3:duration=${seconds}:sample_rate=16000:seed=3`,
      ],
      ...['-ac', '1', '-c:a', 'pcm_s16le'],
    ],
    ext: 'wav',
  });

/** 6 s, 320×180, no audio: a white square top left on a dark scene, then at 3 s bottom right on one of `colour`. */
const squareAcrossACut = (name: string, colour: string) =>
  cachedMedia(name, {
    ffmpeg: [
      ...['-f', 'lavfi', '-i', 'color=c=0x1d2b3a:s=320x180:r=30:d=3'],
      ...['-f', 'lavfi', '-i', `color=c=${colour}:s=320x180:r=30:d=3`],
      '-filter_complex',
      '[0]drawbox=x=20:y=20:w=60:h=60:color=white:t=fill[a];[1]drawbox=x=200:y=90:w=60:h=60:color=white:t=fill[b];[a][b]concat=n=2:v=1:a=0',
      ...H264,
    ],
    ext: 'mp4',
  });

/** The square's jump on the same dark scene: a soft cut at 3 s (scdet score about 10). */
export const sceneCut = () => squareAcrossACut('scene-cut', '0x1d2b3a');

/** The square's jump onto a light scene: a hard cut at 3 s. */
export const hardSceneCut = () => squareAcrossACut('hard-scene-cut', '0x8a7a3a');

/**
 * 6 s of the moving test pattern cut to colour bars and back every 0.6 s (25 fps), coded with B-frames as a download
 * is; `placedCuts: false` codes it as an encoder that places no intra frame at a cut does (the cuts fall on predicted
 * frames, some of them frames no other frame refers to).
 */
export const cutsBetweenBFrames = ({ placedCuts }: { placedCuts: boolean }) =>
  cachedMedia('cuts-between-b-frames', {
    ffmpeg: [
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=6'],
      ...['-f', 'lavfi', '-i', 'smptebars=size=320x180:rate=25:duration=6'],
      ...[
        '-filter_complex',
        "[0:v][1:v]overlay=enable='gte(mod(t,1.2),0.6)',format=yuv420p[v]",
        '-map',
        '[v]',
      ],
      ...['-c:v', 'libx264', '-preset', 'medium', '-bf', '3'],
      ...(placedCuts ? [] : ['-x264-params', 'scenecut=0']),
    ],
    ext: 'mp4',
  });

/** 8 s of the moving pattern and its tone as a download is coded: B-frames, a keyframe only every 4 s (25 fps). */
export const sparseKeyframesClip = () =>
  cachedMedia('sparse-keyframes', {
    ffmpeg: [
      ...pattern({ seconds: 8 }),
      ...tone({ seconds: 8 }),
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '3', '-g', '100', '-c:a', 'aac', '-shortest'],
    ],
    ext: 'mp4',
  });

/**
 * The window [start, start + seconds] of `video` as yt-dlp downloads a section: ffmpeg seeks each input, then copies
 * the streams as they are (no coding), into an MP4.
 */
export const windowCopiedAsDownloaded = (video: string, start: number, seconds: number) =>
  cachedMedia('window-copied', {
    ffmpeg: [
      ...['-ss', String(start), '-t', String(seconds), '-i', video],
      ...['-ss', String(start), '-t', String(seconds), '-i', video],
      ...['-c', 'copy', '-map', '0:v:0', '-map', '1:a:0', '-f', 'mp4'],
    ],
    ext: 'mp4',
    version: versionOf(video),
  });

/** The filter graph's picture `[v]`, then the tone of input `audio`, as H.264 and AAC. */
const videoAndTone = (audio: string) => [
  ...['-map', '[v]', '-map', audio],
  ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest'],
];

/** 5 s of 1080p talk whose face (about 250 px) is centred 167 px from the top of the frame; a 220 Hz tone. */
export const highFaceTalk = () =>
  cachedMedia('high-face-talk', {
    ffmpeg: [
      ...['-f', 'lavfi', '-i', 'color=c=0x2a3b4c:s=1920x1080:r=30:d=5'],
      ...['-loop', '1', '-t', '5', '-i', FACE_IMAGE, '-f', 'lavfi', '-i', 'sine=frequency=220:duration=5'],
      '-filter_complex',
      '[1:v]scale=400:-2[face];[0:v][face]overlay=800:0:shortest=1,format=yuv420p[v]',
      ...videoAndTone('2:a'),
    ],
    ext: 'mp4',
  });

/** 6 s of 1080p with two people far apart, at the left and right edges, at the same height; a 220 Hz tone. */
export const twoFacesApart = () =>
  cachedMedia('two-faces-apart', {
    ffmpeg: [
      ...['-f', 'lavfi', '-i', 'color=c=0x1d2b3a:s=1920x1080:r=30:d=6'],
      ...['-loop', '1', '-t', '6', '-i', FACE_IMAGE, '-f', 'lavfi', '-i', 'sine=frequency=220:duration=6'],
      '-filter_complex',
      '[1:v]scale=400:-2,split[a][b];[0:v][a]overlay=60:240[l];[l][b]overlay=1460:240,format=yuv420p[v]',
      ...videoAndTone('2:a'),
    ],
    ext: 'mp4',
  });

/** 8 s of 1080p: the two people of twoFacesApart for 4 s, then a cut to a close-up of one; a 220 Hz tone. */
export const twoShotThenCloseUp = () =>
  cachedMedia('two-shot-then-close-up', {
    ffmpeg: [
      ...['-loop', '1', '-t', '8', '-i', FACE_IMAGE],
      ...['-f', 'lavfi', '-i', 'sine=frequency=220:duration=8'],
      '-filter_complex',
      [
        'color=c=0x1d2b3a:s=1920x1080:r=30:d=4[bg1]',
        'color=c=0x3a2414:s=1920x1080:r=30:d=4[bg2]',
        '[0:v]split=2[small][large]',
        '[small]scale=400:-2,split[a][b]',
        '[large]scale=640:-2[c]',
        '[bg1][a]overlay=60:240:shortest=1[l]',
        '[l][b]overlay=1460:240:shortest=1[twoshot]',
        '[bg2][c]overlay=1000:120:shortest=1[closeup]',
        '[twoshot][closeup]concat=n=2:v=1,format=yuv420p[v]',
      ].join(';'),
      ...videoAndTone('1:a'),
    ],
    ext: 'mp4',
  });

/** A copy of a catalogue file at `output` (a name of the test's own, or beside the files it serves). */
export async function copyMedia(made: Promise<string>, output: string): Promise<string> {
  await copyFile(await made, output);
  return output;
}

/**
 * A small synthetic clip at `output`: the moving pattern and, unless told otherwise, the tone (patternClip,
 * silentVideo or toneAudio of the catalogue).
 */
export function makeTestVideo(
  output: string,
  options: ClipOptions & { video?: boolean; audio?: boolean } = {},
): Promise<string> {
  const { video = true, audio = true, ...clip } = options;
  return copyMedia(video ? (audio ? patternClip(clip) : silentVideo(clip)) : toneAudio(clip), output);
}

/** Answers a request with the file of that name in `dir` (404 when there is none), as a plain web server would. */
export function sendFileFrom(
  dir: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  const file = path.join(dir, path.basename(request.url ?? ''));
  if (!existsSync(file)) {
    response.statusCode = 404;
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

const twoSpeakerTalks = new Map<boolean, Promise<{ videoPath: string; truth: TwoSpeakerTruth }>>();

/**
 * The two-person talk of src/sample/two-speakers.ts, its mouths moving with their voices or frozen, with its
 * truth; made once per machine (its name carries a hash of the generator's source, so a changed generator makes
 * a new one).
 */
export function twoSpeakerTalk(mouthsMove = true): Promise<{ videoPath: string; truth: TwoSpeakerTruth }> {
  let made = twoSpeakerTalks.get(mouthsMove);
  if (!made) {
    made = makeTwoSpeakerTalk(mouthsMove);
    twoSpeakerTalks.set(mouthsMove, made);
  }
  return made;
}

async function makeTwoSpeakerTalk(mouthsMove: boolean) {
  const generator = await Promise.all(
    ['sample/two-speakers.ts', 'sample/jaw-drop.ts', 'sample/speech.ts', 'media/sample-args.ts'].map((file) =>
      readFile(new URL(`../../src/${file}`, import.meta.url)),
    ),
  );
  const key = createHash('sha256').update(Buffer.concat(generator)).digest('hex').slice(0, 12);
  const name = `two-speakers-${mouthsMove ? 'talking' : 'frozen'}-${key}`;
  const videoPath = path.join(TEST_MEDIA_DIR, `${name}.mp4`);
  const truthPath = path.join(TEST_MEDIA_DIR, `${name}.truth.json`);
  if (!existsSync(videoPath)) {
    // made aside and renamed into place, the video last: a test file running beside this one sees both or neither
    const partial = `${name}.${process.pid}-${randomBytes(4).toString('hex')}`;
    const made = await generateTwoSpeakerTalk({
      outDir: TEST_MEDIA_DIR,
      name: partial,
      mouthsMove,
      tools: TEST_TOOLS,
    });
    await rename(made.truthPath, truthPath);
    await rename(made.videoPath, videoPath);
  }
  return { videoPath, truth: JSON.parse(await readFile(truthPath, 'utf8')) as TwoSpeakerTruth };
}
