import { describe, expect, it } from 'vitest';
import { analysisFrameSize, sampledFrameSize } from './analyse.ts';
import { mergeCuts, parseSceneCut, parseStretchCut } from './scene-cuts.ts';
import { framingFilter, regionCrop } from './filters.ts';
import { farPair, followsFaces, layoutRuns, planFromAnalysis, splitHalf } from './plan.ts';
import type { FramingPlan } from './types.ts';

const source = { width: 1920, height: 1080 };
const portrait = { width: 1080, height: 1920 };
const face = (cx: number, size = 260, cy = 420) => ({ cx, cy, size, score: 0.9 });
const samples = (faces: ReturnType<typeof face>[], count = 10) =>
  Array.from({ length: count }, (_, i) => ({ t: i / 2, faces }));

describe('framing plan', () => {
  it('follows faces in auto and square layouts of a picture wider than the output, never in fit or fill', () => {
    expect(followsFaces('auto', source, portrait)).toBe(true);
    expect(followsFaces('square', source, { width: 1080, height: 1080 })).toBe(true);
    expect(followsFaces('fill', source, portrait)).toBe(false);
    expect(followsFaces('fit', source, portrait)).toBe(false);
    // a vertical source is already the output's shape: nothing to follow
    expect(followsFaces('auto', portrait, portrait)).toBe(false);
    expect(followsFaces('auto', portrait, { width: 1080, height: 960 })).toBe(true);
  });

  it('tracks a single face', () => {
    const plan = planFromAnalysis({ samples: samples([face(600)]), cuts: [] }, source, portrait, 5);
    expect(plan.kind).toBe('track');
    if (plan.kind !== 'track') return;
    expect(plan.crop).toEqual({ width: 608, height: 1080 });
    expect(plan.points).toHaveLength(150);
    expect(plan.points[0].x).toBe(600 - 304);
  });

  it('splits two people too far apart for one crop, left on top', () => {
    const plan = planFromAnalysis(
      { samples: samples([face(1500, 250), face(400, 270)]), cuts: [] },
      source,
      portrait,
      5,
    );
    expect(plan.kind).toBe('split');
    if (plan.kind !== 'split') return;
    // each face lies well inside its own half's region (a region may stop at the frame's edge)
    expect(Math.abs(plan.top.cx - 400)).toBeLessThan(plan.top.width / 2 - 135);
    expect(Math.abs(plan.bottom.cx - 1500)).toBeLessThan(plan.bottom.width / 2 - 125);
    expect(plan.top.cx).toBeLessThan(plan.bottom.cx);
  });

  it('keeps one crop when the second face is small or close', () => {
    expect(farPair([face(400, 300), face(1500, 100)], { width: 608, height: 1080 })).toBeUndefined();
    expect(farPair([face(700, 200), face(900, 200)], { width: 608, height: 1080 })).toBeUndefined();
    const plan = planFromAnalysis(
      { samples: samples([face(700), face(900)]), cuts: [] },
      source,
      portrait,
      5,
    );
    expect(plan.kind).toBe('track');
  });

  it('uses a centre crop when no face is seen, and tracks (never splits) a square output', () => {
    expect(planFromAnalysis({ samples: samples([]), cuts: [] }, source, portrait, 5)).toEqual({
      kind: 'fill',
    });
    const square = planFromAnalysis(
      { samples: samples([face(1500), face(400)]), cuts: [] },
      source,
      { width: 1080, height: 1080 },
      5,
    );
    expect(square.kind).toBe('track');
  });
});

describe('scene by scene', () => {
  it('splits the two-shot scene and tracks the close-up after the cut', () => {
    const twoShot = Array.from({ length: 8 }, (_, i) => ({ t: i / 2, faces: [face(400), face(1500)] }));
    const closeUp = Array.from({ length: 8 }, (_, i) => ({ t: 4 + i / 2, faces: [face(1200, 500)] }));
    const plan = planFromAnalysis({ samples: [...twoShot, ...closeUp], cuts: [4] }, source, portrait, 8);
    expect(plan.kind).toBe('sequence');
    if (plan.kind !== 'sequence') return;
    expect(plan.parts.map((p) => [p.start, p.end, p.plan.kind])).toEqual([
      [0, 4, 'split'],
      [4, 8, 'track'],
    ]);
    const track = plan.parts[1].plan;
    if (track.kind !== 'track') return;
    expect(track.points).toHaveLength(120);
    expect(track.points[0].x).toBe(1200 - 304);
  });

  it('joins scenes that share a layout and absorbs a flash too short to frame apart', () => {
    expect(
      layoutRuns([
        { start: 0, end: 3, layout: 'track' },
        { start: 3, end: 6, layout: 'track' },
        { start: 6, end: 6.8, layout: 'split' },
        { start: 6.8, end: 12, layout: 'split' },
      ]),
    ).toEqual([
      { start: 0, end: 6.8, layout: 'track' },
      { start: 6.8, end: 12, layout: 'split' },
    ]);
    expect(
      layoutRuns([
        { start: 0, end: 1, layout: 'split' },
        { start: 1, end: 9, layout: 'track' },
      ]),
    ).toEqual([{ start: 0, end: 9, layout: 'track' }]);
  });

  it('cuts the picture into parts, frames each and joins them', () => {
    const filter = framingFilter(
      {
        kind: 'sequence',
        parts: [
          {
            start: 0,
            end: 4,
            plan: {
              kind: 'split',
              top: { cx: 400, cy: 400, width: 800 },
              bottom: { cx: 1500, cy: 400, width: 800 },
            },
          },
          {
            start: 4,
            end: 8,
            plan: {
              kind: 'track',
              crop: { width: 608, height: 1080 },
              fps: 30,
              points: [{ x: 9, y: 0 }],
              cuts: [],
            },
          },
        ],
      },
      source,
      portrait,
      's1',
    );
    expect(filter).toContain('[0:v]split=2[part0][part1]');
    expect(filter).toContain('[part0]trim=start=0.000:end=4.000,setpts=PTS-STARTPTS[cut0]');
    expect(filter).toContain('[part1]trim=start=4.000,setpts=PTS-STARTPTS[cut1]');
    expect(filter).toContain('[cut0]split=2[topsrc0][bottomsrc0]');
    expect(filter).toContain('[cut1]sendcmd=f=s1.crop1.cmd,crop@track1=w=608:h=1080:x=9:y=0');
    expect(filter).toContain('[framed0][framed1]concat=n=2:v=1:a=0[framed]');
  });
});

describe('framing filters', () => {
  it('moves a named crop from a command file', () => {
    const filter = framingFilter(
      { kind: 'track', crop: { width: 608, height: 1080 }, fps: 30, points: [{ x: 100, y: 0 }], cuts: [] },
      source,
      portrait,
      'short-1',
    );
    expect(filter).toBe(
      '[0:v]sendcmd=f=short-1.crop.cmd,crop@track=w=608:h=1080:x=100:y=0,scale=1080:1920,setsar=1[framed]',
    );
  });

  it('first scales a picture of pixels that are not square to its shown size, where the crops were planned', () => {
    const fit = framingFilter({ kind: 'fit' }, source, portrait, 'short-1', { squarePixels: false });
    expect(fit.startsWith('[0:v]scale=1920:1080,setsar=1,split=2[bgsrc][fgsrc];')).toBe(true);
    const track: FramingPlan = {
      kind: 'track',
      crop: { width: 608, height: 1080 },
      fps: 30,
      points: [],
      cuts: [],
    };
    expect(framingFilter(track, source, portrait, 'short-1', { squarePixels: false })).toBe(
      '[0:v]scale=1920:1080,setsar=1,sendcmd=f=short-1.crop.cmd,crop@track=w=608:h=1080:x=0:y=0,scale=1080:1920,setsar=1[framed]',
    );
  });

  it('brings an HDR picture into BT.709 before it is framed, after making its pixels square', () => {
    const fill: FramingPlan = { kind: 'fill' };
    expect(framingFilter(fill, source, portrait, 'short-1', { hdr: 'hlg' })).toBe(
      '[0:v]zscale=t=bt709:p=bt709:m=bt709:r=tv,crop=608:1080,scale=1080:1920,setsar=1[framed]',
    );
    expect(
      framingFilter(fill, source, portrait, 'short-1', { hdr: 'pq', squarePixels: false }).split(',crop')[0],
    ).toBe('[0:v]scale=1920:1080,setsar=1,zscale=t=bt709:p=bt709:m=bt709:r=tv');
    expect(framingFilter(fill, source, portrait, 'short-1', { squarePixels: true })).toBe(
      framingFilter(fill, source, portrait, 'short-1'),
    );
  });

  it('stacks two regions into the output', () => {
    const half = splitHalf(portrait);
    const filter = framingFilter(
      { kind: 'split', top: { cx: 400, cy: 400, width: 800 }, bottom: { cx: 1900, cy: 500, width: 800 } },
      source,
      portrait,
    );
    expect(half).toEqual({ width: 1080, height: 960 });
    expect(filter).toContain('[0:v]split=2[topsrc][bottomsrc]');
    expect(filter).toContain('[topsrc]crop=800:712:0:44,scale=1080:960,setsar=1[top]');
    expect(filter).toContain('[top][bottom]vstack=inputs=2[framed]');
    const right = regionCrop({ cx: 1900, cy: 500, width: 800 }, half, source);
    expect(right.x + right.width).toBeLessThanOrEqual(1920);
  });
});

describe('segment analysis', () => {
  it('sizes the detector frames from the source, even and no wider than asked', () => {
    expect(analysisFrameSize(source, 640)).toEqual({ width: 640, height: 360 });
    expect(analysisFrameSize({ width: 721, height: 405 }, 1920)).toEqual({ width: 722, height: 406 });
  });

  it('gives the face detector frames whose shorter side is the side it looks at, never scaled up', () => {
    expect(sampledFrameSize(source, 256)).toEqual({ width: 456, height: 256 });
    expect(sampledFrameSize({ width: 1080, height: 1920 }, 256)).toEqual({ width: 256, height: 456 });
    expect(sampledFrameSize({ width: 1440, height: 1080 }, 256)).toEqual({ width: 342, height: 256 });
    expect(sampledFrameSize({ width: 320, height: 180 }, 256)).toEqual({ width: 320, height: 180 });
  });

  it('reads scene cuts from scdet and merges flashes', () => {
    expect(parseSceneCut('[scdet @ 0x5] lavfi.scd.score: 65.755, lavfi.scd.time: 21.1667')).toBe(21.1667);
    expect(parseSceneCut('frame=  7 fps=0.0')).toBeUndefined();
    expect(mergeCuts([5.2, 0.01, 5.3, 9])).toEqual([5.2, 9]);
  });

  it('reads whose cut a line of a decode of several stretches is', () => {
    expect(parseStretchCut('[metadata@stretch1 @ 0x558e5968c2c0] lavfi.scd.time=32.1')).toEqual({
      stretch: 1,
      time: 32.1,
    });
    // the frame line before it and scdet's own line name no stretch
    expect(
      parseStretchCut('[metadata@stretch1 @ 0x55] frame:963  pts:493056  pts_time:32.1'),
    ).toBeUndefined();
    expect(parseStretchCut('[scdet @ 0x5] lavfi.scd.score: 8.929, lavfi.scd.time: 32.1')).toBeUndefined();
  });
});
