import { describe, expect, it } from 'vitest';
import type { TwoSpeakerTruth } from '../sample/two-speakers.ts';
import { cameraFigures, faceShown, speakingTurns } from './speaker-camera.ts';

/** 10 s: left speaks 0–4 s, silence, right 5–8 s, both 8–9 s. */
const truth: TwoSpeakerTruth = {
  fps: 25,
  width: 1280,
  height: 720,
  duration: 10,
  mouthsMove: true,
  turns: [],
  speaking: Array.from({ length: 250 }, (_, f) =>
    f < 100 ? 'left' : f < 125 ? null : f < 200 ? 'right' : f < 225 ? 'both' : null,
  ),
  mouths: { left: { x: 260, y: 330 }, right: { x: 1010, y: 330 } },
};
const WIDTH = 404;
const LEFT_X = 60;
const RIGHT_X = 808;

describe('faceShown', () => {
  it('names the face whose mouth is well inside the crop', () => {
    expect(faceShown(truth, LEFT_X, WIDTH)).toBe('left');
    expect(faceShown(truth, RIGHT_X, WIDTH)).toBe('right');
    expect(faceShown(truth, 450, WIDTH)).toBeUndefined();
  });
});

describe('cameraFigures', () => {
  it('counts the speech frames on the speaker, the switches and their spacing', () => {
    const observations = Array.from({ length: 250 }, (_, frame) => ({
      frame,
      x: frame < 110 ? LEFT_X : RIGHT_X,
    }));
    const figures = cameraFigures(truth, observations, WIDTH);
    expect(figures.speechFrames).toBe(200);
    expect(figures.onSpeaker).toBe(1);
    expect(figures.switches).toBe(1);
    expect(figures.turns).toBe(3);
    expect(figures.closestSwitches).toBeUndefined();
  });

  it('counts a late camera against it, and measures the gap between switches', () => {
    const observations = Array.from({ length: 250 }, (_, frame) => ({
      frame,
      x: frame < 150 ? LEFT_X : frame < 200 ? RIGHT_X : LEFT_X,
    }));
    const figures = cameraFigures(truth, observations, WIDTH);
    expect(figures.onSpeaker).toBeCloseTo(175 / 200, 5);
    expect(figures.switches).toBe(2);
    expect(figures.closestSwitches).toBeCloseTo(2, 5);
  });
});

describe('speakingTurns', () => {
  it('counts runs of one side, ignoring silences', () => {
    expect(speakingTurns(truth)).toBe(3);
  });
});
