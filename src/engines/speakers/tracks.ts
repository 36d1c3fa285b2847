// Face tracks for the active-speaker model: per-frame face boxes joined across frames by overlap, never across a
// scene cut, with the frames between detections filled in, so that a track has one box for every video frame.

/** A face as the model's crop sees it: the centre and half the larger side of its box, in frame pixels. */
export interface FaceSquare {
  cx: number;
  cy: number;
  s: number;
}

/** The faces detected in one video frame (frame index at the model's 25 fps). */
export interface FrameFaces {
  frame: number;
  faces: FaceSquare[];
}

/** One face followed over consecutive frames: `boxes[i]` is its box at frame `firstFrame + i`. */
export interface FaceTrack {
  firstFrame: number;
  boxes: FaceSquare[];
}

export interface TrackJoining {
  /** least overlap (intersection over union) of a face with the track's last box to join it */
  minIou: number;
  /** most frames between two detections of one track */
  maxGapFrames: number;
  /** a track must be longer than this many frames to be kept */
  minFrames: number;
  /** frames where a new scene starts: no track spans one */
  cutFrames: number[];
}

/** The reference's rules with detections on every frame: IoU > 0.5, at most 10 missed frames, > 10 frames long. */
export const REFERENCE_JOINING: TrackJoining = {
  minIou: 0.5,
  maxGapFrames: 11,
  minFrames: 10,
  cutFrames: [],
};

/** Intersection over union of two square boxes. */
export function iou(a: FaceSquare, b: FaceSquare): number {
  const overlap = (lowA: number, highA: number, lowB: number, highB: number) =>
    Math.max(0, Math.min(highA, highB) - Math.max(lowA, lowB));
  const inter =
    overlap(a.cx - a.s, a.cx + a.s, b.cx - b.s, b.cx + b.s) *
    overlap(a.cy - a.s, a.cy + a.s, b.cy - b.s, b.cy + b.s);
  const union = 4 * a.s * a.s + 4 * b.s * b.s - inter;
  return union > 0 ? inter / union : 0;
}

interface OpenTrack {
  detections: { frame: number; box: FaceSquare }[];
}

const sceneOf = (cutFrames: number[], frame: number) => cutFrames.filter((cut) => cut <= frame).length;

/** Boxes for every frame from the first detection to the last, linear between detections. */
export function fillFrames(detections: { frame: number; box: FaceSquare }[]): FaceTrack {
  const first = detections[0].frame;
  const boxes: FaceSquare[] = [];
  for (let i = 0; i < detections.length; i++) {
    const { frame, box } = detections[i];
    const next = detections[i + 1];
    boxes.push(box);
    if (!next) break;
    const span = next.frame - frame;
    for (let step = 1; step < span; step++) {
      const f = step / span;
      boxes.push({
        cx: box.cx + (next.box.cx - box.cx) * f,
        cy: box.cy + (next.box.cy - box.cy) * f,
        s: box.s + (next.box.s - box.s) * f,
      });
    }
  }
  return { firstFrame: first, boxes };
}

/**
 * Joins each frame's faces to the open track whose last box overlaps it most (above `minIou`, within
 * `maxGapFrames`), else starts a track; a scene cut closes every track. Tracks too short are dropped.
 */
export function joinTracks(frames: FrameFaces[], joining: TrackJoining): FaceTrack[] {
  const open: OpenTrack[] = [];
  const closed: OpenTrack[] = [];
  let scene = -1;
  for (const { frame, faces } of [...frames].sort((a, b) => a.frame - b.frame)) {
    const frameScene = sceneOf(joining.cutFrames, frame);
    const stale = open.filter(
      (track) => frameScene !== scene || frame - track.detections.at(-1)!.frame > joining.maxGapFrames,
    );
    for (const track of stale) closed.push(open.splice(open.indexOf(track), 1)[0]);
    scene = frameScene;
    const taken = new Set<OpenTrack>();
    const pairs = faces
      .flatMap((face) =>
        open.map((track) => ({ face, track, overlap: iou(face, track.detections.at(-1)!.box) })),
      )
      .filter((pair) => pair.overlap > joining.minIou)
      .sort((a, b) => b.overlap - a.overlap);
    const placed = new Set<FaceSquare>();
    for (const { face, track } of pairs) {
      if (taken.has(track) || placed.has(face)) continue;
      track.detections.push({ frame, box: face });
      taken.add(track);
      placed.add(face);
    }
    for (const face of faces.filter((candidate) => !placed.has(candidate)))
      open.push({ detections: [{ frame, box: face }] });
  }
  return [...closed, ...open]
    .map((track) => fillFrames(track.detections))
    .filter((track) => track.boxes.length > joining.minFrames)
    .sort((a, b) => a.firstFrame - b.firstFrame);
}
