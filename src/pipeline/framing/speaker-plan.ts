import { OUTPUT_FPS } from '../../media/render-args.ts';
import { aimAt, cropPath, type FaceObservation, type FaceSample } from './crop-path.ts';
import { trackFaceBands } from './face-band.ts';
import { cropSize } from './filters.ts';
import type { Shot } from './speaker-camera.ts';
import type { SpeakerAnalysis } from './speakers.ts';
import type { Size, TrackPlan } from './types.ts';

// The active-speaker camera as a tracked crop: the crop follows the face of each shot; a change of shot between
// faces far apart is a cut (the crop jumps), between faces close together a pan (the crop's spring carries it).

/** Faces whose crops are further apart than this share of the crop's width are cut between, not panned. */
const CUT_DISTANCE = 0.5;

/** The face the camera shows at `frame`, in source pixels; undefined when it is out of view. */
function shotFace(speakers: SpeakerAnalysis, shots: Shot[], frame: number): FaceObservation | undefined {
  const shot = shots.findLast((candidate) => candidate.startFrame <= frame);
  if (!shot) return undefined;
  const track = speakers.tracks[shot.track];
  const box = track.boxes[frame - track.firstFrame];
  return box && { cx: box.cx, cy: box.cy, size: 2 * box.s, score: 1 };
}

/** Times (seconds) of the shot changes that are cuts: the two faces too far apart for a pan. */
export function shotCuts(speakers: SpeakerAnalysis, shots: Shot[], source: Size, crop: Size): number[] {
  return shots.slice(1).flatMap((shot, i) => {
    const before = shotFace(speakers, [shots[i]], shot.startFrame - 1);
    const after = shotFace(speakers, [shot], shot.startFrame);
    if (!before || !after) return [shot.startFrame / speakers.fps];
    const distance = Math.abs(aimAt(before, source, crop).x - aimAt(after, source, crop).x);
    return distance > crop.width * CUT_DISTANCE ? [shot.startFrame / speakers.fps] : [];
  });
}

/**
 * The tracked crop of a segment filmed with the active-speaker camera; `sceneCuts` and `samples` (the detector's
 * faces) come from the segment's analysis, `opening` is how many seconds the hook title shows.
 */
export function speakerPlan(input: {
  speakers: SpeakerAnalysis;
  shots: Shot[];
  sceneCuts: number[];
  samples: FaceSample[];
  source: Size;
  output: Size;
  duration: number;
  opening: number;
}): TrackPlan {
  const { speakers, shots, source } = input;
  const crop = cropSize(source, input.output);
  const followed: FaceSample[] = Array.from({ length: speakers.frames }, (_, frame) => {
    const face = shotFace(speakers, shots, frame);
    return { t: frame / speakers.fps, faces: face ? [face] : [] };
  });
  const cuts = [...input.sceneCuts, ...shotCuts(speakers, shots, source, crop)].sort((a, b) => a - b);
  const points = cropPath(followed, { source, crop, duration: input.duration, fps: OUTPUT_FPS, cuts });
  const track = { crop, fps: OUTPUT_FPS, points };
  return { kind: 'track', ...track, cuts, faces: trackFaceBands(input.samples, track, input.opening) };
}
