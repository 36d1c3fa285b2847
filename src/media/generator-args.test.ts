import { describe, expect, it } from 'vitest';
import { filterValue, gameLoopArgs, musicLoopArgs, stingerArgs } from './generator-args.ts';

const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('generator arguments', () => {
  it('escapes a font path for the filter graph', () => {
    expect(filterValue('/usr/share/fonts/a.ttf')).toBe('/usr/share/fonts/a.ttf');
    expect(filterValue("/a b/it's:x,[y];z.ttf")).toBe("/a b/it\\\\\\'s\\\\:x\\,\\[y\\]\\;z.ttf");
  });

  it('last as long as asked, in every generator that has a length', () => {
    expect(after(musicLoopArgs('pulse', 12, '/o.m4a'), '-i')).toMatch(/:s=48000:d=12$/);
    expect(after(gameLoopArgs('neon-life', 7, '/o.mp4'), '-t')).toBe('7');
    expect(after(gameLoopArgs('neon-dodge', 7, '/o.mp4'), '-filter_complex')).toContain(':d=7,');
    const stinger = stingerArgs(
      { text: 'HI', colours: ['0x000000', '0xffffff'], seconds: 2, font: '/f.ttf' },
      '/o.mp4',
    );
    expect(stinger.filter((arg) => arg.endsWith(':d=2'))).toHaveLength(2);
    expect(after(stinger, '-t')).toBe('2');
  });

  it('draw the stinger text in the escaped font over the two colours', () => {
    const args = stingerArgs(
      { text: 'HI', colours: ['0x112233', '0x445566'], seconds: 3, font: "/it's.ttf" },
      '/o.mp4',
    );
    expect(after(args, '-i')).toContain('c0=0x112233:c1=0x445566');
    expect(after(args, '-filter_complex')).toContain(
      `drawtext=fontfile=${filterValue("/it's.ttf")}:text='HI'`,
    );
  });
});
