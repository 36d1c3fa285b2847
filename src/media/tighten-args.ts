import { audioStreamOf } from './probe.ts';
import { QUIET_ARGS } from './progress.ts';

// ffmpeg arguments that join the kept stretches of a source into one clip (a short with its pauses tightened):
// the pictures butt-joined, the sound of each join crossfaded so no click is heard. Each stretch's sound runs
// JOIN_CROSSFADE longer into the cut that follows it, which the crossfade then takes back, so picture and sound
// keep the same length. Lossless-enough and fast: the clip is an intermediate the short is rendered from.

export const JOIN_CROSSFADE = 0.03;

export interface Stretch {
  /** seconds in the input */
  start: number;
  end: number;
}

const seconds = (value: number) => value.toFixed(3);

/**
 * The filter graph from [0:v] and audio stream `audioStream` (the first when unset) to [v] and [a]; `stretches`
 * relative to `origin` (where input reading starts).
 */
export function joinGraph(stretches: readonly Stretch[], origin: number, audioStream?: number): string {
  const n = stretches.length;
  const at = (t: number) => seconds(Math.max(0, t - origin));
  const parts: string[] = [];
  const speech = audioStreamOf(audioStream);
  const videoIn = n === 1 ? ['0:v'] : stretches.map((_, i) => `vs${i}`);
  const audioIn = n === 1 ? [speech] : stretches.map((_, i) => `as${i}`);
  if (n > 1) {
    parts.push(`[0:v]split=${n}${videoIn.map((label) => `[${label}]`).join('')}`);
    parts.push(`[${speech}]asplit=${n}${audioIn.map((label) => `[${label}]`).join('')}`);
  }
  stretches.forEach((stretch, i) => {
    const audioEnd = i < n - 1 ? stretch.end + JOIN_CROSSFADE : stretch.end;
    parts.push(
      `[${videoIn[i]}]trim=start=${at(stretch.start)}:end=${at(stretch.end)},setpts=PTS-STARTPTS[v${i}]`,
    );
    parts.push(
      `[${audioIn[i]}]atrim=start=${at(stretch.start)}:end=${at(audioEnd)},asetpts=PTS-STARTPTS[a${i}]`,
    );
  });
  if (n === 1) return [...parts, '[v0]null[v]', '[a0]anull[a]'].join(';');
  parts.push(`${stretches.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[v]`);
  let sound = 'a0';
  for (let i = 1; i < n; i++) {
    const next = i === n - 1 ? 'a' : `x${i}`;
    parts.push(`[${sound}][a${i}]acrossfade=d=${seconds(JOIN_CROSSFADE)}:c1=tri:c2=tri[${next}]`);
    sound = next;
  }
  return parts.join(';');
}

/**
 * Joins `stretches` of `input` (seconds in it, in order) with its audio stream `audioStream` into `output`
 * (Matroska: H.264 near-lossless, PCM).
 */
export function joinStretchesArgs(
  input: string,
  stretches: readonly Stretch[],
  output: string,
  audioStream?: number,
): string[] {
  if (stretches.length === 0) throw new Error('nothing to join');
  const origin = Math.max(0, stretches[0].start - 1);
  const through = stretches[stretches.length - 1].end + JOIN_CROSSFADE + 1;
  return [
    ...QUIET_ARGS,
    '-ss',
    seconds(origin),
    '-t',
    seconds(through - origin),
    '-i',
    input,
    '-filter_complex',
    joinGraph(stretches, origin, audioStream),
    '-map',
    '[v]',
    '-map',
    '[a]',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    '12',
    '-c:a',
    'pcm_s16le',
    output,
  ];
}
