import { facesCompeteAt, speechAt, visibleTracks, type SpeakerAnalysis } from './speakers.ts';

// The camera of a two-person talk, cut like an editor would: it stays on the face that speaks, the visible face
// with the highest speaking score, and moves to another face only once that face has led for a second of speech.
// The cut is placed where that lead began (the new speaker's first words), never sooner than a minimum shot
// length after the previous cut. Without speech, or when two faces score within a margin of each other
// (both talking, or neither clearly), or when no face seems to speak at all, the camera holds; with one face in
// view it shows that face. Only frames with speech and two faces in view are ranked, so only theirs need scores.

export interface CameraSettings {
  /** seconds of speech a new face must lead before the camera goes to it */
  minLeadSeconds: number;
  /** the shortest shot, in seconds */
  minShotSeconds: number;
  /** scores closer than this count as a tie */
  tieMargin: number;
  /** the least score of a face seen to speak (the model's own boundary is 0) */
  minLeaderScore: number;
}

export const DEFAULT_CAMERA: CameraSettings = {
  minLeadSeconds: 1,
  minShotSeconds: 1.5,
  tieMargin: 0.5,
  minLeaderScore: 0,
};

/** From `startFrame` on (25 fps frames of the segment), the camera shows track `track`. */
export interface Shot {
  startFrame: number;
  track: number;
  /** the face was chosen for leading the speech (not as the largest face in view) */
  led: boolean;
}

const scoreAt = (analysis: SpeakerAnalysis, track: number, frame: number) =>
  analysis.tracks[track].scores[frame - analysis.tracks[track].firstFrame];

/**
 * The visible face that clearly scores highest while someone speaks, if it is seen to speak at all; undefined on
 * silence, a tie, when no face seems to speak (the voice belongs to nobody in view), or with one face in view
 * (the camera shows it whatever it scores).
 */
export function leaderAt(
  analysis: SpeakerAnalysis,
  frame: number,
  settings: Pick<CameraSettings, 'tieMargin' | 'minLeaderScore'>,
): number | undefined {
  if (!facesCompeteAt(analysis, frame)) return undefined;
  const ranked = visibleTracks(analysis.tracks, frame).sort(
    (a, b) => scoreAt(analysis, b, frame) - scoreAt(analysis, a, frame),
  );
  const [first, second] = ranked.map((track) => scoreAt(analysis, track, frame));
  if (first < settings.minLeaderScore || first - second < settings.tieMargin) return undefined;
  return ranked[0];
}

/** The largest face in view at `frame` (the camera's choice before anyone is heard, or when its face leaves). */
function largestAt(analysis: SpeakerAnalysis, frame: number): number | undefined {
  const visible = visibleTracks(analysis.tracks, frame);
  const size = (track: number) => analysis.tracks[track].boxes[frame - analysis.tracks[track].firstFrame].s;
  return visible.length === 0 ? undefined : visible.reduce((a, b) => (size(b) > size(a) ? b : a));
}

/** The shots of the segment, in order; the first starts at frame 0 unless no face is ever seen. */
export function speakerShots(analysis: SpeakerAnalysis, settings: CameraSettings = DEFAULT_CAMERA): Shot[] {
  const leadFrames = Math.round(settings.minLeadSeconds * analysis.fps);
  const shotFrames = Math.round(settings.minShotSeconds * analysis.fps);
  const shots: Shot[] = [];
  let candidate: { track: number; since: number; led: number } | undefined;
  const cutTo = (track: number, frame: number, led: boolean) => {
    // before the first shot is known the camera has been on this face all along
    shots.push({ startFrame: shots.length === 0 ? 0 : frame, track, led });
    candidate = undefined;
  };
  for (let frame = 0; frame < analysis.frames; frame++) {
    const current = shots.at(-1)?.track;
    const visible = visibleTracks(analysis.tracks, frame);
    const leader = leaderAt(analysis, frame, settings);
    if (current !== undefined && !visible.includes(current)) {
      const next = leader ?? largestAt(analysis, frame);
      if (next !== undefined) cutTo(next, frame, false);
      continue;
    }
    if (!speechAt(analysis, frame)) continue;
    if (leader === undefined || leader === current) {
      candidate = undefined;
      continue;
    }
    if (candidate?.track !== leader) candidate = { track: leader, since: frame, led: 0 };
    candidate.led++;
    const earliest = shots.length === 0 ? 0 : shots.at(-1)!.startFrame + shotFrames;
    if (candidate.led >= leadFrames && frame >= earliest)
      cutTo(leader, Math.max(candidate.since, earliest), true);
  }
  if (shots.length === 0) {
    const first = Array.from({ length: analysis.frames }, (_, f) => largestAt(analysis, f)).find(
      (track) => track !== undefined,
    );
    if (first !== undefined) shots.push({ startFrame: 0, track: first, led: false });
  }
  return shots;
}
