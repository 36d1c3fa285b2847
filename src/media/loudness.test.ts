import { describe, expect, it } from 'vitest';
import { meanVolumeArgs, musicGainDb, parseMeanVolume } from './loudness.ts';

describe('loudness', () => {
  it('reads volumedetect output', () => {
    expect(parseMeanVolume('[Parsed_volumedetect_0 @ 0x1] mean_volume: -21.8 dB\n max_volume: -3.0 dB')).toBe(
      -21.8,
    );
    expect(parseMeanVolume('mean_volume: -inf dB')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseMeanVolume('nothing')).toBeUndefined();
  });

  it('measures only the asked range, audio only', () => {
    expect(meanVolumeArgs('/a.mp4', { start: 5, duration: 10 })).toEqual([
      '-hide_banner',
      '-nostats',
      '-ss',
      '5.000',
      '-t',
      '10.000',
      '-i',
      '/a.mp4',
      '-vn',
      '-sn',
      '-af',
      'volumedetect',
      '-f',
      'null',
      '-',
    ]);
  });

  it('sets music relative to the speech: 3 dB under at 100, 23 dB under at 10', () => {
    expect(musicGainDb(-20, -25, 100)).toBeCloseTo(2);
    expect(-25 + musicGainDb(-20, -25, 10)).toBeCloseTo(-43);
    expect(musicGainDb(-20, Number.NEGATIVE_INFINITY, 100)).toBeCloseTo(-3);
  });
});
