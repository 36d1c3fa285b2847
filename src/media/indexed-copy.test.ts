import { describe, expect, it } from 'vitest';
import { indexedCopyArgs, seeksInexactly } from './indexed-copy.ts';

describe('an indexed copy', () => {
  it('is made of transport streams only', () => {
    expect(seeksInexactly('mpegts')).toBe(true);
    for (const name of ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'flv', 'avi', 'mpeg'])
      expect(seeksInexactly(name)).toBe(false);
  });

  it('copies every picture and sound stream in order, their default marks as they were', () => {
    expect(indexedCopyArgs('/in/rec.mts', '/work/source-indexed.mkv')).toEqual([
      ...['-hide_banner', '-loglevel', 'error', '-y', '-i', '/in/rec.mts'],
      ...['-map', '0:v', '-map', '0:a', '-c', 'copy'],
      ...['-default_mode', 'passthrough', '-f', 'matroska', '/work/source-indexed.mkv'],
    ]);
  });
});
