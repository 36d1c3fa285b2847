import { mp4EncodeArgs } from './encode.ts';
import { audioStreamOf } from './probe.ts';
import { PROGRESS_ARGS, QUIET_ARGS } from './progress.ts';

// ffmpeg arguments for a short and its thumbnail: pure, so the exact command is tested. The graph is built
// from parts: the framed picture, optional gameplay stacked below it, captions, background music ducked under
// the speech, and an optional meme clip in front.

export interface FrameSize {
  width: number;
  height: number;
}

export interface RenderArgsInput {
  input: string;
  /** which of `input`'s audio streams is the speech (MediaProbe's `audio.stream`; the first when unset) */
  audioStream?: number;
  start: number;
  end: number;
  /** a filter chain from [0:v] to [framed] */
  framingFilter: string;
  /** the finished frame */
  size: FrameSize;
  /** ASS file name relative to ffmpeg's working directory (keeps the filtergraph free of path escaping) */
  assFile?: string;
  output: string;
  preset: string;
  crf?: number;
  /** looped below the framed picture, which then fills the top half */
  gameVideo?: { path: string };
  /** looped under the speech at `gainDb`, ducked while people speak */
  music?: { path: string; gainDb: number };
  /** played before the short */
  memeHook?: { path: string; hasAudio: boolean; duration: number };
  /** the loudness filter applied to the finished mix (music and meme included); none leaves the mix as it is */
  loudnessFilter?: string;
  /**
   * the short's finished sound, already mixed and brought to its loudness by the loudness passes (a WAV file): the
   * render only encodes it, instead of mixing and limiting again
   */
  finishedMix?: string;
  /** a JPEG of the finished picture's frame at `atSeconds`, written by the same run */
  thumbnail?: { output: string; atSeconds: number };
  /** threads of the decoders and of the filtergraph (the encoder keeps its own); unset: ffmpeg's choice */
  threads?: number;
}

/** What makes a short's sound: the source window and the overlays that carry audio. */
export type MixInput = Pick<
  RenderArgsInput,
  'input' | 'audioStream' | 'start' | 'end' | 'music' | 'memeHook' | 'loudnessFilter'
>;

export const OUTPUT_FPS = 30;
/** What every sound of a short is brought to before it is mixed (and what its loudness curve is measured on). */
export const MIX_AUDIO_FORMAT = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

/** Height of the content above a gameplay split; the gameplay fills the rest. */
export function contentHeight(size: FrameSize, withGameVideo: boolean): number {
  return withGameVideo ? Math.round(size.height / 4) * 2 : size.height;
}

interface GraphInputs {
  game?: number;
  music?: number;
  meme?: number;
  finishedMix?: number;
}

/**
 * The inputs of the render; `audioOnly` leaves out those that carry no sound (the gameplay). A finished mix takes
 * the place of the sounds it was made from (the music).
 */
function inputArgs(
  input: MixInput & Pick<RenderArgsInput, 'gameVideo' | 'finishedMix' | 'threads'>,
  audioOnly = false,
): { args: string[]; index: GraphInputs } {
  const decoding = input.threads === undefined || audioOnly ? [] : ['-threads', String(input.threads)];
  const args = [
    ...decoding,
    ...['-ss', input.start.toFixed(3), '-t', (input.end - input.start).toFixed(3), '-i', input.input],
  ];
  const index: GraphInputs = {};
  let next = 1;
  if (input.gameVideo && !audioOnly) {
    args.push(...decoding, '-stream_loop', '-1', '-i', input.gameVideo.path);
    index.game = next++;
  }
  if (input.music && !input.finishedMix) {
    args.push('-stream_loop', '-1', '-i', input.music.path);
    index.music = next++;
  }
  if (input.memeHook) {
    args.push('-i', input.memeHook.path);
    index.meme = next++;
  }
  if (input.finishedMix && !audioOnly) {
    args.push('-i', input.finishedMix);
    index.finishedMix = next;
  }
  return { args, index };
}

/**
 * The audio of a short, ending in `[a]`: the speech, music ducked under it, the meme clip's sound in front, then
 * the loudness filter over the whole mix. The measuring pass runs this same graph, so it measures what is heard.
 */
function audioGraph(input: MixInput, index: GraphInputs): string[] {
  const parts: string[] = [];
  const main = index.meme === undefined ? 'mix' : 'maina';
  const speech = audioStreamOf(input.audioStream);
  if (index.music !== undefined && input.music) {
    parts.push(
      `[${speech}]${MIX_AUDIO_FORMAT},asplit=2[voice][key]`,
      `[${index.music}:a]${MIX_AUDIO_FORMAT},volume=${input.music.gainDb.toFixed(1)}dB[bed]`,
      `[bed][key]sidechaincompress=threshold=0.02:ratio=6:attack=20:release=450[ducked]`,
      `[voice][ducked]amix=inputs=2:duration=first:normalize=0[${main}]`,
    );
  } else {
    parts.push(`[${speech}]${MIX_AUDIO_FORMAT}[${main}]`);
  }
  if (index.meme !== undefined && input.memeHook) {
    const duration = input.memeHook.duration.toFixed(3);
    // padded and trimmed to the clip's length, so the sound stays in step with the pictures concatenated apart
    parts.push(
      input.memeHook.hasAudio
        ? `[${index.meme}:a]${MIX_AUDIO_FORMAT},apad=whole_dur=${duration},atrim=end=${duration}[memea]`
        : `anullsrc=r=48000:cl=stereo,atrim=0:${duration},aformat=sample_fmts=fltp[memea]`,
      `[memea][maina]concat=n=2:v=0:a=1[mix]`,
    );
  }
  parts.push(input.loudnessFilter ? `[mix]${input.loudnessFilter},${MIX_AUDIO_FORMAT}[a]` : `[mix]anull[a]`);
  return parts;
}

/** The filtergraph; its outputs are `[v]` and `[a]`. */
export function renderGraph(input: RenderArgsInput, index: GraphInputs): string {
  const { size } = input;
  const parts = [input.framingFilter];
  let picture = 'framed';
  if (index.game !== undefined) {
    const gameHeight = size.height - contentHeight(size, true);
    parts.push(
      `[${index.game}:v]scale=${size.width}:${gameHeight}:force_original_aspect_ratio=increase,` +
        `crop=${size.width}:${gameHeight},setsar=1,fps=${OUTPUT_FPS}[game]`,
      `[framed][game]vstack=inputs=2:shortest=1[stacked]`,
    );
    picture = 'stacked';
  }
  const captions = input.assFile ? `,ass=${input.assFile}` : '';
  const finished = input.thumbnail ? 'finished' : 'v';
  const main = index.meme === undefined ? finished : 'mainv';
  parts.push(`[${picture}]fps=${OUTPUT_FPS}${captions},format=yuv420p[${main}]`);
  if (index.meme !== undefined && input.memeHook) {
    parts.push(
      `[${index.meme}:v]scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease,` +
        `pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=${OUTPUT_FPS},format=yuv420p[memev]`,
      `[memev][mainv]concat=n=2:v=1:a=0[${finished}]`,
    );
  }
  if (input.thumbnail) parts.push(...thumbnailBranch(finished, input.thumbnail.atSeconds));
  return [...parts, ...(index.finishedMix === undefined ? audioGraph(input, index) : [])].join(';');
}

/**
 * The finished picture split into `[v]` and `[thumb]`, its first frame at or after `atSeconds` (the frame a seek
 * to that time in the finished file decodes first). The thumbnail's branch ends after its frame, so the split
 * stops feeding it.
 */
function thumbnailBranch(finished: string, atSeconds: number): string[] {
  return [
    `[${finished}]split=2[v][still]`,
    `[still]trim=start=${atSeconds.toFixed(3)},trim=end_frame=1[thumb]`,
  ];
}

/**
 * An audio-only run of the short's mix through `loudnessFilter` (ending in ebur128, which measures it), written nowhere or,
 * as the short's finished sound, to the WAV file `output`. The gameplay is left out: it adds no sound.
 */
export function mixPassArgs(input: MixInput, loudnessFilter: string, output?: string): string[] {
  const { args: inputs, index } = inputArgs(input, true);
  return [
    '-hide_banner',
    '-nostats',
    '-y',
    ...inputs,
    '-filter_complex',
    audioGraph({ ...input, loudnessFilter }, index).join(';'),
    '-map',
    '[a]',
    ...(output ? ['-c:a', 'pcm_f32le', '-f', 'wav', output] : ['-f', 'null', '-']),
  ];
}

export function renderShortArgs(input: RenderArgsInput): string[] {
  const { args: inputs, index } = inputArgs(input);
  return [
    ...QUIET_ARGS,
    ...inputs,
    ...(input.threads === undefined ? [] : ['-filter_complex_threads', String(input.threads)]),
    '-filter_complex',
    renderGraph(input, index),
    '-map',
    '[v]',
    '-map',
    index.finishedMix === undefined ? '[a]' : `${index.finishedMix}:a`,
    ...mp4EncodeArgs({
      preset: input.preset,
      crf: input.crf ?? 21,
      videoOptions: ['-profile:v', 'high', '-g', '60'],
      audio: true,
    }),
    ...PROGRESS_ARGS,
    input.output,
    ...(input.thumbnail ? ['-map', '[thumb]', ...thumbnailOutputArgs(input.thumbnail.output)] : []),
  ];
}

/** A JPEG of one frame, at the quality of a short's thumbnail unless told. */
function thumbnailOutputArgs(output: string, quality = 3): string[] {
  return ['-frames:v', '1', '-q:v', String(quality), output];
}

/** One JPEG frame of `video` at `atSeconds`: a short's thumbnail, or (scaled to `width`) a catalogue preview. */
export function thumbnailArgs(
  video: string,
  atSeconds: number,
  output: string,
  { width, quality = 3 }: { width?: number; quality?: number } = {},
): string[] {
  return [
    ...QUIET_ARGS,
    ...['-ss', atSeconds.toFixed(3), '-i', video],
    ...(width ? ['-vf', `scale=${width}:-2`] : []),
    ...thumbnailOutputArgs(output, quality),
  ];
}
