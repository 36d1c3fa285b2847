import { readFileSync } from 'node:fs';

// CPU time of this process and of the children it has waited for (ffmpeg, recognisers): on a shared machine a
// figure that does not grow with the other processes' load, beside the wall clock.

/** /proc reports times in clock ticks of USER_HZ, which Linux fixes at 100 for user space. */
const TICKS_PER_SECOND = 100;

/** CPU seconds of the waited-for children (cutime + cstime) from a /proc/<pid>/stat line. */
export function childCpuSeconds(statLine: string): number {
  // the command name may hold spaces and parentheses: fields are counted after the last ')'
  const fields = statLine
    .slice(statLine.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is the state (field 3); cutime and cstime are fields 16 and 17
  const ticks = Number(fields[13]) + Number(fields[14]);
  if (!Number.isFinite(ticks)) throw new Error(`Not a /proc stat line: ${statLine.slice(0, 80)}`);
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by this process and its finished children (Linux only). Synchronous, so a progress
 * callback can read it at the very moment a job's step changes.
 */
export function cpuSecondsWithChildren(): number {
  const own = process.cpuUsage();
  const children = childCpuSeconds(readFileSync('/proc/self/stat', 'utf8'));
  return (own.user + own.system) / 1e6 + children;
}
