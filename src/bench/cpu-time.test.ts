import { describe, expect, it } from 'vitest';
import { childCpuSeconds, cpuSecondsWithChildren } from './cpu-time.ts';
import { runProcess } from '../media/process.ts';

describe('CPU time with children', () => {
  it('reads cutime and cstime from a stat line whose command holds spaces and parentheses', () => {
    const line =
      '4242 (node (x) y) S 17 4242 4242 0 -1 4194560 1 0 0 0 5 1 250 37 39 19 1 0 100 1000 321 18446744073709551615';
    expect(childCpuSeconds(line)).toBeCloseTo(2.87, 6);
  });

  it('counts a finished child’s CPU', async () => {
    const before = cpuSecondsWithChildren();
    // a child that spins until it has used 0.3 s of CPU: its time shows once it has been waited for
    const spin = 'const end = process.cpuUsage().user + 300000; while (process.cpuUsage().user < end);';
    await runProcess(process.execPath, ['-e', spin]);
    expect(cpuSecondsWithChildren() - before).toBeGreaterThan(0.25);
  });
});
