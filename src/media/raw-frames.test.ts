import { describe, expect, it } from 'vitest';
import { frameSplitter } from './raw-frames.ts';

describe('frameSplitter', () => {
  /** Seven 10-byte frames, frame i filled with the value i. */
  const stream = Buffer.concat(Array.from({ length: 7 }, (_, i) => Buffer.alloc(10, i)));

  const framesOf = (chunkSizes: number[]) => {
    const frames: number[][] = [];
    const split = frameSplitter(10, (frame) => frames.push([...frame]));
    let at = 0;
    for (const size of chunkSizes) {
      split(stream.subarray(at, at + size));
      at += size;
    }
    return frames;
  };
  const expected = Array.from({ length: 7 }, (_, i) => Array<number>(10).fill(i));

  it('cuts frames out of chunks smaller than, equal to and larger than a frame', () => {
    expect(framesOf([3, 3, 3, 1, 10, 25, 4, 1, 20])).toEqual(expected);
    expect(framesOf([70])).toEqual(expected);
    expect(framesOf(Array<number>(70).fill(1))).toEqual(expected);
  });

  it('keeps an incomplete last frame back', () => {
    expect(framesOf([35])).toEqual(expected.slice(0, 3));
  });
});
