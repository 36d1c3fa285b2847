import { describe, expect, it } from 'vitest';
import { parseProcStat, sampleTreeRss, treeRssPages } from './process-tree-rss.ts';

describe('process tree RSS', () => {
  it('parses a stat line whose command holds spaces and parentheses', () => {
    const line =
      '4242 (ffmpeg (x) y) S 17 4242 4242 0 -1 4194560 1 0 0 0 5 1 0 0 39 19 1 0 100 1000 321 18446744073709551615';
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      ppid: 17,
      name: 'ffmpeg (x) y',
      state: 'S',
      rssPages: 321,
      nice: 19,
    });
  });

  it('sums a process and all its descendants, not its siblings', () => {
    const stats = [
      { pid: 1, ppid: 0, rssPages: 1000 },
      { pid: 10, ppid: 1, rssPages: 5 },
      { pid: 11, ppid: 10, rssPages: 7 },
      { pid: 12, ppid: 10, rssPages: 11 },
      { pid: 20, ppid: 1, rssPages: 100 },
    ].map((stat) => ({ ...stat, name: 'x', state: 'S', nice: 0 }));
    expect(treeRssPages(stats, 10)).toBe(23);
  });

  it('measures this process', async () => {
    const sampler = sampleTreeRss(process.pid, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await sampler.stop()).toBeGreaterThan(10 * 1024 * 1024);
  });
});
