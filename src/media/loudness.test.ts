import { describe, expect, it } from 'vitest';
import {
  correctedAim,
  curveLoudnessFilter,
  isSilentMix,
  loudnormFilter,
  loudnormMeasuringFilter,
  meanVolumeArgs,
  musicGainDb,
  parseEbur128Summary,
  parseLoudnormJson,
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

const LOUDNORM_LOG = `[Parsed_loudnorm_0 @ 0x55c690dffa80]
{
	"input_i" : "-20.99",
	"input_tp" : "-1.99",
	"input_lra" : "1.60",
	"input_thresh" : "-31.25",
	"output_i" : "-16.08",
	"output_tp" : "-1.00",
	"output_lra" : "1.10",
	"output_thresh" : "-26.13",
	"normalization_type" : "dynamic",
	"target_offset" : "2.08"
}`;

const SILENT_LOG = `{
	"input_i" : "-inf",
	"input_tp" : "-inf",
	"input_lra" : "0.00",
	"input_thresh" : "-70.00",
	"output_i" : "-inf",
	"output_tp" : "-inf",
	"output_lra" : "0.00",
	"output_thresh" : "-70.00",
	"normalization_type" : "dynamic",
	"target_offset" : "inf"
}`;

describe('loudness normalisation', () => {
  it('reads loudnorm’s JSON, digital silence included', () => {
    const measured = parseLoudnormJson(`frame stats {not json}\n${LOUDNORM_LOG}\nsize=N/A`);
    expect(measured).toEqual({
      integrated: -20.99,
      truePeak: -1.99,
      range: 1.6,
      threshold: -31.25,
      offset: 2.08,
      outputIntegrated: -16.08,
    });
    expect(isSilentMix(measured!)).toBe(false);
    const silent = parseLoudnormJson(SILENT_LOG)!;
    expect(silent.integrated).toBe(Number.NEGATIVE_INFINITY);
    expect(isSilentMix(silent)).toBe(true);
    expect(parseLoudnormJson('no json here')).toBeUndefined();
    expect(parseLoudnormJson('{ "other": 1 }')).toBeUndefined();
  });

  it('measures at −14 LUFS with headroom under −1 dBTP for the encoder', () => {
    expect(loudnormMeasuringFilter()).toBe('loudnorm=I=-14:TP=-2:LRA=11:print_format=json');
  });

  it('builds the linear second pass from the first pass’s figures', () => {
    const measured = parseLoudnormJson(LOUDNORM_LOG)!;
    expect(loudnormFilter(measured)).toBe(
      'loudnorm=I=-14.00:TP=-2:LRA=11:measured_I=-20.99:measured_TP=-1.99:measured_LRA=1.60:' +
        'measured_thresh=-31.25:offset=2.08:linear=true',
    );
    expect(loudnormFilter(measured, -12.5, true)).toMatch(
      /^loudnorm=I=-12\.50:.*:linear=true:print_format=json$/,
    );
    // an infinite offset or peak (loudnorm's answer for near-silence) never reaches the filter's arguments
    expect(loudnormFilter({ ...measured, offset: Infinity, truePeak: -Infinity })).toContain(
      'measured_TP=-99.00:measured_LRA=1.60:measured_thresh=-31.25:offset=0.00',
    );
  });

  it('takes one gain from the curve when it keeps the true peak 2 dB under −1 dBTP (loudnorm’s linear condition)', () => {
    expect(curveLoudnessFilter({ integrated: -30, truePeak: -18.5 })).toEqual({ filter: 'volume=16.00dB' });
    expect(curveLoudnessFilter({ integrated: -8.4, truePeak: 1.3 })).toEqual({ filter: 'volume=-5.60dB' });
    expect(curveLoudnessFilter({ integrated: -30, truePeak: -18 })).toEqual({ filter: 'volume=16.00dB' });
    expect(curveLoudnessFilter({ integrated: -30, truePeak: -17.9 })).toBe('needs-loudnorm');
    expect(curveLoudnessFilter({ integrated: -20.7, truePeak: -4.5 })).toBe('needs-loudnorm');
    // silence is left as it is, as loudnorm's passes leave it
    expect(curveLoudnessFilter({ integrated: Number.NEGATIVE_INFINITY, truePeak: -200 })).toEqual({
      filter: undefined,
    });
    expect(curveLoudnessFilter({ integrated: -70, truePeak: -60 })).toEqual({ filter: undefined });
  });

  it('moves the aim by the miss, within loudnorm’s range', () => {
    expect(correctedAim(-14, -14.8)).toBeCloseTo(-13.2);
    expect(correctedAim(-13.2, -14.4)).toBeCloseTo(-12.8);
    expect(correctedAim(-14, -25)).toBe(-8);
    expect(correctedAim(-14, -13)).toBe(-14);
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
