import { describe, expect, it } from 'vitest';
import { JOIN_CROSSFADE, joinGraph, joinStretchesArgs } from './tighten-args.ts';

describe('joinGraph', () => {
  it('trims each stretch from where reading starts and crossfades the sound of each join', () => {
    const graph = joinGraph(
      [
        { start: 11, end: 12 },
        { start: 13, end: 14 },
      ],
      10,
      1,
    );
    expect(graph).toContain('[0:a:1]asplit=2[as0][as1]');
    expect(graph).toContain('[vs0]trim=start=1.000:end=2.000,setpts=PTS-STARTPTS[v0]');
    expect(graph).toContain(`[as0]atrim=start=1.000:end=${(2 + JOIN_CROSSFADE).toFixed(3)}`);
    expect(graph).toContain('[as1]atrim=start=3.000:end=4.000,asetpts=PTS-STARTPTS[a1]');
    expect(graph).toContain('[v0][v1]concat=n=2:v=1:a=0[v]');
    expect(graph).toContain(`[a0][a1]acrossfade=d=${JOIN_CROSSFADE.toFixed(3)}:c1=tri:c2=tri[a]`);
  });

  it('passes a single stretch through without joins', () => {
    expect(joinGraph([{ start: 5, end: 6 }], 4)).toBe(
      '[0:v]trim=start=1.000:end=2.000,setpts=PTS-STARTPTS[v0];[0:a:0]atrim=start=1.000:end=2.000,asetpts=PTS-STARTPTS[a0];[v0]null[v];[a0]anull[a]',
    );
  });

  it('refuses to join nothing', () => {
    expect(() => joinStretchesArgs('in.mp4', [], 'out.mkv')).toThrow();
  });
});
