import { describe, expect, it } from 'vitest';
import {
  correctedGain,
  limitedGainFilter,
  loudnessGain,
  meanVolumeArgs,
  musicGainDb,
  parseEbur128Summary,
  parseMeanVolume,
} from './loudness.ts';

describe('loudness', () => {
  it('reads volumedetect output', () => {
    expect(parseMeanVolume('[Parsed_volumedetect_0 @ 0x1] mean_volume: -21.8 dB\n max_volume: -3.0 dB')).toBe(
      -21.8,
    );
    expect(parseMeanVolume('mean_volume: -inf dB')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseMeanVolume('nothing')).toBeUndefined();
  });

  it('measures only the asked range, audio only', () => {
    expect(meanVolumeArgs('/a.mp4', { start: 5, duration: 10 }, 2)).toEqual([
      '-hide_banner',
      '-nostats',
      '-ss',
      '5.000',
      '-t',
      '10.000',
      '-i',
      '/a.mp4',
      '-map',
      '0:a:2',
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

describe('loudness normalisation', () => {
  it('takes one gain when it keeps the true peak 2 dB under −1 dBTP, and calls for the limiter otherwise', () => {
    expect(loudnessGain({ integrated: -30, truePeak: -18.5 })).toEqual({ filter: 'volume=16.00dB' });
    expect(loudnessGain({ integrated: -8.4, truePeak: 1.3 })).toEqual({ filter: 'volume=-5.60dB' });
    expect(loudnessGain({ integrated: -30, truePeak: -18 })).toEqual({ filter: 'volume=16.00dB' });
    expect(loudnessGain({ integrated: -30, truePeak: -17.9 })).toEqual({ limitFromDb: 16 });
    expect(loudnessGain({ integrated: -20.7, truePeak: -4.5 })).toEqual({ limitFromDb: expect.closeTo(6.7) });
    // silence is left as it is
    expect(loudnessGain({ integrated: Number.NEGATIVE_INFINITY, truePeak: -200 })).toEqual({
      filter: undefined,
    });
    expect(loudnessGain({ integrated: -70, truePeak: -60 })).toEqual({ filter: undefined });
  });

  it('limits true peaks at −2 dBFS oversampled four times, keeps the sound in step, and measures what it made', () => {
    expect(limitedGainFilter(6.7)).toBe(
      'volume=6.70dB,aresample=192000,alimiter=limit=0.7943:attack=5:release=50:level=false:latency=true,' +
        'aresample=48000,ebur128=peak=true',
    );
  });

  it('moves the gain by the miss, never under the plain gain nor 6 dB over it', () => {
    expect(correctedGain(6, 6, -14.8)).toBeCloseTo(6.8);
    expect(correctedGain(6, 6.8, -14.4)).toBeCloseTo(7.2);
    expect(correctedGain(6, 6, -25)).toBe(12);
    expect(correctedGain(6, 6, -13)).toBe(6);
  });

  it('reads ebur128’s summary', () => {
    const log = `[Parsed_ebur128_0 @ 0x1] t: 2.9 TARGET:-23 LUFS M: -14.2 S: -14.1 I: -14.0 LUFS LRA: 1.0 LU
[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -14.1 LUFS
    Threshold: -24.3 LUFS

  Loudness range:
    LRA:         1.2 LU
    Threshold: -34.2 LUFS
    LRA low:   -14.8 LUFS
    LRA high:  -13.6 LUFS

  True peak:
    Peak:       -1.7 dBFS`;
    expect(parseEbur128Summary(log)).toEqual({ integrated: -14.1, truePeak: -1.7 });
    expect(
      parseEbur128Summary(log.replace('-14.1 LUFS', '-inf LUFS').replace('-1.7 dBFS', '-inf dBFS')),
    ).toEqual({
      integrated: Number.NEGATIVE_INFINITY,
      truePeak: Number.NEGATIVE_INFINITY,
    });
    expect(parseEbur128Summary('t: 1 I: -14.0 LUFS')).toBeUndefined();
  });
});
