import { describe, expect, it } from 'vitest';
import os from 'node:os';
import {
  exactSceneCutArgs,
  faceSamplingArgs,
  LOOKING_DECODE_THREADS,
  rgbFramesArgs,
  sceneProbeArgs,
  stretchCutLogger,
} from './frame-args.ts';

describe('face sampling', () => {
  it('decodes only the segment, small frames for the detector and every frame for scene cuts', () => {
    const args = faceSamplingArgs({
      videoPath: '/in.mp4',
      start: 12,
      end: 40,
      frame: { width: 640, height: 360 },
      sampleFps: 2,
      sceneThreshold: 12,
    });
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args.indexOf('-t')).toBeLessThan(args.indexOf('-i'));
    expect(args[args.indexOf('-t') + 1]).toBe('28.000');
    // the decoder leaves a core to the detector
    expect(args.indexOf('-threads')).toBeLessThan(args.indexOf('-i'));
    expect(args[args.indexOf('-threads') + 1]).toBe(String(LOOKING_DECODE_THREADS));
    expect(LOOKING_DECODE_THREADS).toBe(Math.max(1, os.availableParallelism() - 1));
    // frames no other frame refers to are left out of the decode
    expect(args.slice(args.indexOf('-skip_frame'), args.indexOf('-skip_frame') + 2)).toEqual([
      '-skip_frame',
      'noref',
    ]);
    expect(args.indexOf('-skip_frame')).toBeLessThan(args.indexOf('-i'));
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toContain('[sample]fps=2,scale=640:360:flags=area,format=rgb24[frames]');
    // every frame's time is logged, then each cut's frame with its coding
    expect(graph).toContain(
      "[scene]scale=w='min(iw,1920)':h=-2,scdet=threshold=12," +
        'metadata=mode=print:key=lavfi.scd.mafd,metadata=mode=select:key=lavfi.scd.time,showinfo,nullsink',
    );
    expect(args.slice(-3)).toEqual(['-f', 'rawvideo', 'pipe:1']);
  });
});

describe('scene probe', () => {
  it('decodes each stretch small, an input of its own from no earlier than the start of the video, in one ffmpeg', () => {
    const args = sceneProbeArgs(
      'in.mp4',
      [
        { start: 10, end: 11.5 },
        { start: -0.5, end: 1 },
      ],
      7,
    );
    const seeks = args.flatMap((arg, i) => (arg === '-ss' ? [args.slice(i, i + 6)] : []));
    expect(seeks).toEqual([
      ['-ss', '10.000', '-t', '1.500', '-i', 'in.mp4'],
      ['-ss', '0.000', '-t', '1.000', '-i', 'in.mp4'],
    ]);
    expect(args.filter((arg) => arg === 'noref')).toHaveLength(2);
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:v]scale=160:-2:flags=fast_bilinear,scdet=threshold=7,' +
        `${stretchCutLogger(0)}=mode=print:key=lavfi.scd.time[cuts0];` +
        '[1:v]scale=160:-2:flags=fast_bilinear,scdet=threshold=7,' +
        `${stretchCutLogger(1)}=mode=print:key=lavfi.scd.time[cuts1]`,
    );
    expect(args.slice(-7)).toEqual(['-map', '[cuts0]', '-map', '[cuts1]', '-f', 'null', '-']);
  });
});

describe('exact scene cuts', () => {
  it('decodes every frame of the stretch, as framing looks at it for cuts', () => {
    const args = exactSceneCutArgs('in.mp4', [{ start: 4.5, end: 5.02 }], 12);
    expect(args).not.toContain('-skip_frame');
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual(['-ss', '4.500', '-t', '0.520']);
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      "[0:v]scale=w='min(iw,1920)':h=-2,scdet=threshold=12," +
        `${stretchCutLogger(0)}=mode=print:key=lavfi.scd.time[cuts0]`,
    );
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
  });
});

describe('RGB frames', () => {
  it('decodes every frame of the stretch at the asked rate as RGB24 of the asked size', () => {
    const args = rgbFramesArgs('/v.mp4', 10, 70, { width: 640, height: 360 }, 25);
    const seek = args.indexOf('-ss');
    expect(args.slice(seek, seek + 6)).toEqual(['-ss', '10.000', '-t', '60.000', '-i', '/v.mp4']);
    expect(args).toContain('fps=25,scale=640:360:flags=bilinear,format=rgb24');
    expect(args.slice(-3)).toEqual(['-f', 'rawvideo', 'pipe:1']);
  });
});
