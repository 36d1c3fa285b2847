import { mediaFailure, UnreadableMediaError } from './errors.ts';
import { runProcess } from './process.ts';
import type { MediaTools } from './tools.ts';

export interface MediaProbe {
  duration: number;
  formatName: string;
  sizeBytes: number;
  video?: {
    codec: string;
    /** as shown: turned as the file says, and with its pixels' own shape */
    width: number;
    height: number;
    rotation: number;
    fps: number;
    /** the width of a pixel over its height, where it is not 1 (an anamorphic picture, shown wider than coded) */
    pixelAspect?: number;
    /** the high dynamic range the picture is coded in (a phone's HLG, HDR10's PQ); absent for SDR */
    hdr?: 'hlg' | 'pq';
  };
  /**
   * the audio stream a player plays, which is the one every step of a job hears: `stream` counts the file's audio
   * streams from 0 (ffmpeg's `0:a:N`); absent in probes kept before it was recorded, which meant the first
   */
  audio?: { codec: string; sampleRate: number; channels: number; stream?: number };
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  sample_aspect_ratio?: string;
  color_transfer?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: Array<{ rotation?: number | string }>;
  disposition?: { attached_pic?: number; default?: number };
}

interface RawProbe {
  streams?: RawStream[];
  format?: { duration?: string; format_name?: string; size?: string };
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [numerator, denominator] = rate.split('/').map(Number);
  if (!denominator) return numerator || 0;
  return numerator / denominator;
}

/** A pixel's width over its height from ffprobe's `4:3`; undefined for square pixels or none stated. */
function pixelAspectOf(stream: RawStream): number | undefined {
  const [width, height] = (stream.sample_aspect_ratio ?? '').split(':').map(Number);
  const aspect = width / height;
  return Number.isFinite(aspect) && aspect > 0 && Math.abs(aspect - 1) > 0.01 ? aspect : undefined;
}

const HDR_TRANSFERS: Record<string, 'hlg' | 'pq'> = { 'arib-std-b67': 'hlg', smpte2084: 'pq' };

function rotationOf(stream: RawStream): number {
  const fromSideData = stream.side_data_list?.find((entry) => entry.rotation !== undefined)?.rotation;
  const raw = Number(fromSideData ?? stream.tags?.rotate ?? 0);
  return Number.isFinite(raw) ? ((Math.round(raw) % 360) + 360) % 360 : 0;
}

/**
 * The audio stream a player plays, as ffmpeg picks one when told nothing: one marked default before the others,
 * then the one with most channels, then the first. Its position among the audio streams.
 */
function playedAudioStream(audioStreams: readonly RawStream[]): number {
  const score = (stream: RawStream) => (stream.disposition?.default ? 1000 : 0) + (stream.channels ?? 0);
  let played = 0;
  audioStreams.forEach((stream, i) => {
    if (score(stream) > score(audioStreams[played])) played = i;
  });
  return played;
}

/** Interprets ffprobe's JSON: displayed size (rotation applied), duration, the first video stream and the played audio stream. */
export function parseProbeJson(json: string): MediaProbe {
  const raw = JSON.parse(json) as RawProbe;
  const streams = raw.streams ?? [];
  const videoStream = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audioStreams = streams.filter((s) => s.codec_type === 'audio');
  const played = playedAudioStream(audioStreams);
  const audioStream = audioStreams[played];
  const durations = [raw.format?.duration, videoStream?.duration, audioStream?.duration]
    .map(Number)
    .filter((value) => Number.isFinite(value) && value > 0);
  const probe: MediaProbe = {
    duration: durations[0] ?? 0,
    formatName: raw.format?.format_name ?? 'unknown',
    sizeBytes: Number(raw.format?.size ?? 0),
  };
  if (videoStream?.width && videoStream.height) {
    const rotation = rotationOf(videoStream);
    const quarterTurn = rotation === 90 || rotation === 270;
    const pixelAspect = pixelAspectOf(videoStream);
    const hdr = HDR_TRANSFERS[videoStream.color_transfer ?? ''];
    const shownWidth = pixelAspect
      ? Math.round((videoStream.width * pixelAspect) / 2) * 2
      : videoStream.width;
    probe.video = {
      codec: videoStream.codec_name ?? 'unknown',
      width: quarterTurn ? videoStream.height : shownWidth,
      height: quarterTurn ? shownWidth : videoStream.height,
      rotation,
      fps: parseRate(videoStream.avg_frame_rate) || parseRate(videoStream.r_frame_rate),
      ...(pixelAspect ? { pixelAspect } : {}),
      ...(hdr ? { hdr } : {}),
    };
  }
  if (audioStream) {
    probe.audio = {
      codec: audioStream.codec_name ?? 'unknown',
      sampleRate: Number(audioStream.sample_rate ?? 0),
      channels: audioStream.channels ?? 0,
      stream: played,
    };
  }
  return probe;
}

/** ffmpeg's specifier of the first input's audio stream `stream` (MediaProbe's `audio.stream`; the first when unset). */
export const audioStreamOf = (stream: number | undefined): string => `0:a:${stream ?? 0}`;

/** ffprobe's reading of a media file or URL; an input it cannot read is an UnreadableMediaError. */
export async function probeMedia(
  input: string,
  tools: Pick<MediaTools, 'ffprobe'>,
  options: { signal?: AbortSignal } = {},
): Promise<MediaProbe> {
  let stdout: string;
  try {
    ({ stdout } = await runProcess(
      tools.ffprobe,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input],
      { signal: options.signal },
    ));
  } catch (error) {
    throw mediaFailure(error, 'ffprobe', (cause) => new UnreadableMediaError({ cause }));
  }
  const probe = parseProbeJson(stdout);
  if (!probe.video && !probe.audio) throw new UnreadableMediaError();
  return probe;
}
