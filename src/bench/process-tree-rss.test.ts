import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { parseProcStat, sampleTreeRss, treeStats } from './process-tree-rss.ts';
import { waitFor } from '../../test/helpers/wait.ts';

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

  it('finds a process, its children and theirs, not its siblings', async () => {
    // sh waits for sleep, so sleep is a grandchild; the second sleep is a sibling of sh
    const parent = spawn('sh', ['-c', 'sleep 30; true']);
    const sibling = spawn('sleep', ['30']);
    try {
      const tree = await waitFor(
        'sh to start sleep',
        async () => {
          const stats = treeStats(parent.pid!);
          return stats.some((stat) => stat.name === 'sleep') ? stats : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 10 },
      );
      expect(tree.map((stat) => stat.pid)).toContain(parent.pid);
      expect(tree.find((stat) => stat.name === 'sleep')?.ppid).toBe(parent.pid);
      expect(tree.map((stat) => stat.pid)).not.toContain(sibling.pid);
      const mine = treeStats(process.pid).map((stat) => stat.pid);
      expect(mine).toEqual(expect.arrayContaining([process.pid, parent.pid, sibling.pid]));
      expect(mine.length).toBeGreaterThanOrEqual(4);
    } finally {
      parent.kill('SIGKILL');
      sibling.kill('SIGKILL');
    }
  });

  it('measures this process', async () => {
    const sampler = sampleTreeRss(process.pid, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await sampler.stop()).toBeGreaterThan(10 * 1024 * 1024);
  });
});
