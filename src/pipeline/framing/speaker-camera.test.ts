import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMERA, leaderAt, speakerShots } from './speaker-camera.ts';
import { facesCompeteAt, type SpeakerAnalysis } from './speakers.ts';

const FPS = 25;

/**
 * Two faces (0 left, 1 right) seen for `seconds`; `speaker(t)` says who speaks at t seconds (scores 3 for the
 * speaker, −1 for the other, 2 each for 'both'), with speech wherever someone speaks.
 */
function talk(seconds: number, speaker: (t: number) => 0 | 1 | 'both' | null): SpeakerAnalysis {
  const frames = seconds * FPS;
  const who = Array.from({ length: frames }, (_, f) => speaker((f + 0.5) / FPS));
  const score = (face: 0 | 1) =>
    Float32Array.from(who, (w) => (w === 'both' ? 2 : w === face ? 3 : w === null ? -2 : -1));
  const speech: { start: number; end: number }[] = [];
  who.forEach((w, f) => {
    if (w === null) return;
    const last = speech.at(-1);
    if (last && Math.abs(last.end - f / FPS) < 1e-9) last.end = (f + 1) / FPS;
    else speech.push({ start: f / FPS, end: (f + 1) / FPS });
  });
  const box = (cx: number) => Array.from({ length: frames }, () => ({ cx, cy: 300, s: 80 }));
  return {
    fps: FPS,
    frames,
    speech,
    tracks: [
      { firstFrame: 0, boxes: box(300), scores: score(0) },
      { firstFrame: 0, boxes: box(1000), scores: score(1) },
    ],
  };
}

/** Turns of `length` seconds, left first, with `gap` seconds of silence between. */
const turns = (length: number, gap: number) => (t: number) => {
  const period = length + gap;
  return t % period >= length ? null : Math.floor(t / period) % 2 === 0 ? 0 : 1;
};

describe('speakerShots', () => {
  it('starts on the first speaker and cuts to each new speaker where their turn begins', () => {
    const shots = speakerShots(talk(16, turns(3.5, 0.5)));
    expect(shots.map((shot) => shot.track)).toEqual([0, 1, 0, 1]);
    expect(shots.map((shot) => shot.startFrame / FPS)).toEqual([0, 4, 8, 12]);
  });

  it('holds through silence: nobody speaking never moves the camera', () => {
    const shots = speakerShots(talk(10, (t) => (t < 3 ? 1 : null)));
    expect(shots).toEqual([{ startFrame: 0, track: 1, led: true }]);
  });

  it('ignores a lead shorter than a second', () => {
    const shots = speakerShots(talk(8, (t) => (t >= 3 && t < 3.8 ? 1 : 0)));
    expect(shots).toEqual([{ startFrame: 0, track: 0, led: true }]);
  });

  it('keeps every shot at least 1.5 s long, however fast the turns come', () => {
    const shots = speakerShots(talk(12, turns(1.1, 0)));
    const starts = shots.map((shot) => shot.startFrame / FPS);
    expect(shots.length).toBeGreaterThan(3);
    starts.slice(1).forEach((start, i) => expect(start - starts[i]).toBeGreaterThanOrEqual(1.5));
  });

  it('holds when both speak at once (scores within the margin)', () => {
    const shots = speakerShots(talk(10, (t) => (t < 3 ? 0 : 'both')));
    expect(shots).toEqual([{ startFrame: 0, track: 0, led: true }]);
  });

  it('goes to a face still in view when its face leaves', () => {
    const analysis = talk(6, () => 0);
    analysis.tracks[0].boxes = analysis.tracks[0].boxes.slice(0, 2 * FPS);
    analysis.tracks[0].scores = analysis.tracks[0].scores.slice(0, 2 * FPS);
    expect(speakerShots(analysis)).toEqual([
      { startFrame: 0, track: 0, led: true },
      { startFrame: 2 * FPS, track: 1, led: false },
    ]);
  });

  it('does not rank a face alone in view: it is shown, but not for leading', () => {
    const analysis = talk(6, (t) => (t < 2 ? 0 : 1));
    analysis.tracks[0].boxes = analysis.tracks[0].boxes.slice(0, 2 * FPS);
    analysis.tracks[0].scores = analysis.tracks[0].scores.slice(0, 2 * FPS);
    expect(leaderAt(analysis, 3 * FPS, DEFAULT_CAMERA)).toBeUndefined();
    expect(speakerShots(analysis)).toEqual([
      { startFrame: 0, track: 0, led: true },
      { startFrame: 2 * FPS, track: 1, led: false },
    ]);
  });

  it('decides the same without the scores of frames where faces do not compete', () => {
    const full = talk(16, turns(3.5, 0.5));
    const sparse = talk(16, turns(3.5, 0.5));
    for (const track of sparse.tracks)
      track.scores = track.scores.map((score, f) => (facesCompeteAt(sparse, f) ? score : NaN));
    expect(sparse.tracks[0].scores.some(Number.isNaN)).toBe(true);
    expect(speakerShots(sparse)).toEqual(speakerShots(full));
  });

  it('shows the largest face when nobody ever speaks', () => {
    const analysis = talk(4, () => null);
    analysis.tracks[1].boxes = analysis.tracks[1].boxes.map((box) => ({ ...box, s: 120 }));
    expect(speakerShots(analysis)).toEqual([{ startFrame: 0, track: 1, led: false }]);
  });
});

describe('leaderAt', () => {
  it('is the clearly higher score during speech, nobody on silence or a tie', () => {
    const analysis = talk(4, (t) => (t < 1 ? 1 : t < 2 ? null : 'both'));
    expect(leaderAt(analysis, 10, DEFAULT_CAMERA)).toBe(1);
    expect(leaderAt(analysis, 35, DEFAULT_CAMERA)).toBeUndefined();
    expect(leaderAt(analysis, 60, DEFAULT_CAMERA)).toBeUndefined();
  });

  it('is nobody when no face seems to speak, however far apart their scores', () => {
    const analysis = talk(2, () => 0);
    analysis.tracks[0].scores.fill(-0.5);
    analysis.tracks[1].scores.fill(-3);
    expect(leaderAt(analysis, 10, DEFAULT_CAMERA)).toBeUndefined();
    expect(speakerShots(analysis)).toEqual([{ startFrame: 0, track: 0, led: false }]);
  });
});
