import { describe, expect, it } from 'vitest';
import { pictureChange, pictureStill } from './picture-change.ts';

const SIZE = { width: 640, height: 360 };

/** An RGB24 frame of SIZE whose pixel at (x, y) is `colour(x, y)`. */
function frame(colour: (x: number, y: number) => [number, number, number]): Buffer {
  const data = Buffer.alloc(SIZE.width * SIZE.height * 3);
  for (let y = 0; y < SIZE.height; y++)
    for (let x = 0; x < SIZE.width; x++) data.set(colour(x, y), (y * SIZE.width + x) * 3);
  return data;
}

/** A scrambled byte of (a, b, c): the same every run. */
function hash(a: number, b: number, c: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 24;
}

/** A picture of 16-px tiles of unrelated colours, moved `shift` px to the left. */
const tiles = (shift: number, seed = 0) =>
  frame((x, y) => {
    const [col, row] = [Math.floor((x + shift) / 16), Math.floor(y / 16)];
    return [hash(col, row, seed), hash(col, row, seed + 1), hash(col, row, seed + 2)];
  });

/** A talking head's picture: a flat wall, a 60×60 "face" at `left`, and up to ±4 levels of compression noise. */
const head = (left: number, noise: number) =>
  frame((x, y) => {
    const grain = (hash(x, y, noise) % 9) - 4;
    const face = x >= left && x < left + 60 && y >= 120 && y < 180;
    return face ? [210 + grain, 160 + grain, 140 + grain] : [40 + grain, 60 + grain, 80 + grain];
  });

describe('how much the picture changed between two frames', () => {
  it('is nothing between a frame and itself', () => {
    expect(pictureChange(tiles(0), tiles(0), SIZE)).toBe(0);
    expect(pictureStill(tiles(0), tiles(0), SIZE)).toBe(true);
  });

  it('stays still where only a small region moved, through compression noise', () => {
    expect(pictureStill(head(300, 1), head(320, 2), SIZE)).toBe(true);
  });

  it('is never still across a cut, where most of the picture changed', () => {
    expect(pictureChange(tiles(0), tiles(0, 7), SIZE)).toBeGreaterThan(0.5);
    expect(pictureStill(tiles(0), tiles(0, 7), SIZE)).toBe(false);
    expect(pictureStill(head(300, 1), tiles(0), SIZE)).toBe(false);
  });

  it('is never still through a camera pan', () => {
    expect(pictureStill(tiles(0), tiles(40), SIZE)).toBe(false);
  });
});
