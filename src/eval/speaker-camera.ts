import type { Side, TwoSpeakerTruth } from '../sample/two-speakers.ts';

// How well a crop followed the speaker of the two-person fixture: where the crop was at some of its frames,
// against the truth of who spoke then.

/** The crop's left edge (source pixels) at a 25 fps frame of the fixture. */
export interface CropObservation {
  frame: number;
  x: number;
}

export interface CameraFigures {
  /** observed frames in which someone speaks */
  speechFrames: number;
  /** share of those frames in which the crop shows a speaker (either face while both speak) */
  onSpeaker: number;
  /** changes of the face shown */
  switches: number;
  /** runs of speech by one side (or both at once) in the truth, silences ignored */
  turns: number;
  /** seconds between the two closest switches; undefined with fewer than two */
  closestSwitches: number | undefined;
}

/** The face whose mouth lies well inside a crop `width` wide at `x`; undefined for neither. */
export function faceShown(truth: TwoSpeakerTruth, x: number, width: number): Side | undefined {
  const inside = (side: Side) =>
    truth.mouths[side].x >= x + width * 0.1 && truth.mouths[side].x <= x + width * 0.9;
  return inside('left') ? 'left' : inside('right') ? 'right' : undefined;
}

/** Runs of one speaking side (or both) in the truth, pauses between them ignored. */
export function speakingTurns(truth: TwoSpeakerTruth): number {
  const runs = truth.speaking.filter((who) => who !== null);
  return runs.filter((who, i) => i === 0 || who !== runs[i - 1]).length;
}

export function cameraFigures(
  truth: TwoSpeakerTruth,
  observations: CropObservation[],
  cropWidth: number,
): CameraFigures {
  const seen = [...observations]
    .sort((a, b) => a.frame - b.frame)
    .map((observation) => ({ ...observation, shown: faceShown(truth, observation.x, cropWidth) }));
  const speech = seen.filter((observation) => truth.speaking[observation.frame]);
  const onSpeaker = speech.filter(({ frame, shown }) => {
    const who = truth.speaking[frame];
    return shown !== undefined && (who === 'both' || who === shown);
  });
  const withFace = seen.filter((observation) => observation.shown !== undefined);
  const switchTimes = withFace
    .filter((observation, i) => i > 0 && observation.shown !== withFace[i - 1].shown)
    .map((observation) => observation.frame / truth.fps);
  const gaps = switchTimes.slice(1).map((time, i) => time - switchTimes[i]);
  return {
    speechFrames: speech.length,
    onSpeaker: speech.length === 0 ? 1 : onSpeaker.length / speech.length,
    switches: switchTimes.length,
    turns: speakingTurns(truth),
    closestSwitches: gaps.length > 0 ? Math.min(...gaps) : undefined,
  };
}
