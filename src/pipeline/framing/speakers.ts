import { CROP_SIZE, faceCrop, smoothBoxes } from '../../engines/speakers/face-crop.ts';
import type { SpeakingScorer } from '../../engines/speakers/lr-asd.ts';
import { MFCC_SAMPLE_RATE } from '../../engines/speakers/mfcc.ts';
import {
  joinTracks,
  type FaceSquare,
  type FaceTrack,
  type FrameFaces,
} from '../../engines/speakers/tracks.ts';
import { VIDEO_FPS } from '../../engines/speakers/windows.ts';
import { detectVoiceActivity, type SpeechRegion } from '../../engines/vad/index.ts';
import { readAudioSamples } from '../../media/audio.ts';
import { mediaFailure, UnreadableMediaError } from '../../media/errors.ts';
import { rgbFramesArgs } from '../../media/frame-args.ts';
import { runProcess } from '../../media/process.ts';
import { frameSplitter } from '../../media/raw-frames.ts';
import type { MediaTools } from '../../media/tools.ts';
import { floatSamples } from '../../media/wav.ts';
import { analysisFrameSize, type SegmentAnalysis } from './analyse.ts';
import type { Size } from './types.ts';

// Who speaks when, for a segment with two or more faces: the detector's faces joined into tracks at the model's
// 25 fps, each track's face cropped from every frame of the segment and scored with its audio by the
// active-speaker model; the segment's voice activity beside it.

/** A face followed through the segment and how much it seems to speak, frame by frame (25 fps). */
export interface SpeakerTrack {
  firstFrame: number;
  /** one box per frame, in source pixels */
  boxes: FaceSquare[];
  /** smoothed speaking score per frame (higher: more likely speaking); NaN where faces do not compete */
  scores: Float32Array;
}

export interface SpeakerAnalysis {
  fps: number;
  frames: number;
  tracks: SpeakerTrack[];
  /** seconds from the segment's start */
  speech: SpeechRegion[];
}

/**
 * The model's crop is drawn around a tight face box (hairline to chin, ear to ear, as S3FD gives it); the
 * detector's boxes, enlarged for Human's face mesh, are about twice that: measured on the sample face, whose
 * crops the speaker fixture test checks.
 */
export const TIGHT_FACE_SCALE = 0.6;

/** Share of the frames with anyone in them that must show two faces at once for the speaker camera. */
const MIN_TWO_FACE_SHARE = 0.5;

/**
 * Tracks at 25 fps from the detector's samples (a few per second) over a segment of `frames` frames: boxes
 * joined when they overlap, interpolated between samples, held for one sampling interval after the last one,
 * never across a scene cut; a track may miss one sample.
 */
export function faceTracksOf(analysis: SegmentAnalysis, frames: number): FaceTrack[] {
  const detections: FrameFaces[] = analysis.samples.map((sample) => ({
    frame: Math.round(sample.t * VIDEO_FPS),
    faces: sample.faces.map((face) => ({ cx: face.cx, cy: face.cy, s: face.size / 2 })),
  }));
  const interval = detections.length > 1 ? detections[1].frame - detections[0].frame : 1;
  const cutFrames = analysis.cuts.map((cut) => Math.round(cut * VIDEO_FPS));
  const tracks = joinTracks(detections, {
    minIou: 0.5,
    maxGapFrames: Math.max(11, 2 * interval),
    minFrames: 10,
    cutFrames,
  });
  return tracks.map((track) => {
    const last = track.firstFrame + track.boxes.length;
    const end = Math.min(frames, last + interval - 1, ...cutFrames.filter((cut) => cut >= last));
    const held = Array.from({ length: Math.max(0, end - last) }, () => track.boxes.at(-1)!);
    return { firstFrame: track.firstFrame, boxes: [...track.boxes, ...held] };
  });
}

/** The 25 fps frames of a segment. */
export const segmentFrames = (segment: { start: number; end: number }) =>
  Math.ceil((segment.end - segment.start) * VIDEO_FPS - 1e-6);

/** Whether two or more faces are seen together in most of the frames that show anyone. */
export function showsSeveralFaces(tracks: FaceTrack[], frames: number): boolean {
  const visible = new Array<number>(frames).fill(0);
  for (const track of tracks)
    for (let f = track.firstFrame; f < Math.min(frames, track.firstFrame + track.boxes.length); f++)
      visible[f]++;
  const anyone = visible.filter((count) => count > 0).length;
  return anyone > 0 && visible.filter((count) => count >= 2).length >= anyone * MIN_TWO_FACE_SHARE;
}

/** The tracks in view at `frame`. */
export function visibleTracks(tracks: FaceTrack[], frame: number): number[] {
  return tracks.flatMap((track, index) =>
    frame >= track.firstFrame && frame < track.firstFrame + track.boxes.length ? [index] : [],
  );
}

/** Whether someone speaks during frame `frame` (its middle lies in a speech region). */
export function speechAt(view: { fps: number; speech: SpeechRegion[] }, frame: number): boolean {
  const t = (frame + 0.5) / view.fps;
  return view.speech.some((region) => t >= region.start && t < region.end);
}

/**
 * Whether the speaking scores decide anything at `frame`: someone speaks and two or more faces are in view to be
 * ranked. Elsewhere the camera holds its shot or shows the one face there is: those frames need no score.
 */
export function facesCompeteAt(
  view: { fps: number; speech: SpeechRegion[]; tracks: FaceTrack[] },
  frame: number,
): boolean {
  return visibleTracks(view.tracks, frame).length >= 2 && speechAt(view, frame);
}

/** The model's 112×112 crops of every track, one per frame of the track, from one decode of the stretch. */
export async function trackCrops(input: {
  videoPath: string;
  start: number;
  end: number;
  source: Size;
  tracks: FaceTrack[];
  tools: MediaTools;
  signal: AbortSignal;
  width?: number;
}): Promise<Uint8Array[][]> {
  const frame = analysisFrameSize(input.source, input.width ?? 640);
  const scale = frame.width / input.source.width;
  const smoothed = input.tracks.map((track) =>
    smoothBoxes(track.boxes).map((box) => ({
      cx: box.cx * scale,
      cy: box.cy * scale,
      s: box.s * scale * TIGHT_FACE_SCALE,
    })),
  );
  const crops: Uint8Array[][] = input.tracks.map((track) =>
    track.boxes.map(() => new Uint8Array(CROP_SIZE * CROP_SIZE)),
  );
  let index = 0;
  const cropFrame = (data: Uint8Array) => {
    input.tracks.forEach((track, t) => {
      const i = index - track.firstFrame;
      if (i >= 0 && i < track.boxes.length) crops[t][i] = faceCrop({ ...frame, data }, smoothed[t][i]);
    });
    index++;
  };
  try {
    await runProcess(
      input.tools.ffmpeg,
      rgbFramesArgs(input.videoPath, input.start, input.end, frame, VIDEO_FPS),
      {
        signal: input.signal,
        maxStdoutBytes: 0,
        onStdoutData: frameSplitter(frame.width * frame.height * 3, cropFrame),
      },
    );
  } catch (error) {
    throw mediaFailure(error, 'ffmpeg', (cause) => new UnreadableMediaError({ cause }));
  }
  return crops;
}

/** The samples of frames [first, first + count) at 640 samples a frame. */
const trackAudio = (audio: Int16Array, first: number, count: number) =>
  audio.subarray(
    (first * MFCC_SAMPLE_RATE) / VIDEO_FPS,
    Math.min(audio.length, ((first + count) * MFCC_SAMPLE_RATE) / VIDEO_FPS),
  );

/** The speaking scores of a segment's face tracks (faceTracksOf), and the segment's voice activity. */
export async function analyseSpeakers(input: {
  videoPath: string;
  audioStream?: number;
  start: number;
  end: number;
  source: Size;
  tracks: FaceTrack[];
  scorer: SpeakingScorer;
  tools: MediaTools;
  signal: AbortSignal;
}): Promise<SpeakerAnalysis> {
  const { tracks } = input;
  const sound = async () => {
    const { videoPath, start, end, tools, signal, audioStream } = input;
    const audio = await readAudioSamples(videoPath, start, end, tools, signal, audioStream);
    return { audio, activity: await detectVoiceActivity(floatSamples(audio), { signal: input.signal }) };
  };
  // the voice activity is found while ffmpeg decodes the frames for the crops
  const [crops, { audio, activity }] = await Promise.all([trackCrops({ ...input, tracks }), sound()]);
  const view = { fps: VIDEO_FPS, speech: activity.regions, tracks };
  // all tracks at once: their windows share the scorer's threads
  const scored: SpeakerTrack[] = await Promise.all(
    tracks.map(async (track, t) => {
      const wanted = track.boxes.map((_, i) => facesCompeteAt(view, track.firstFrame + i));
      const audioOfTrack = trackAudio(audio, track.firstFrame, track.boxes.length);
      const scores = await input.scorer.score({ crops: crops[t], audio: audioOfTrack, wanted }, input.signal);
      return { firstFrame: track.firstFrame, boxes: track.boxes, scores };
    }),
  );
  return { fps: VIDEO_FPS, frames: segmentFrames(input), tracks: scored, speech: activity.regions };
}
