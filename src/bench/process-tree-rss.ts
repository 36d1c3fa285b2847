import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

// Processes as /proc shows them: the peak resident memory of this process and every process below it (ffmpeg,
// recognisers), and which processes are still alive (the soak looks for tools that outlived their job).

export interface ProcStat {
  pid: number;
  ppid: number;
  /** the executable's name as the kernel keeps it (at most 15 characters) */
  name: string;
  /** R, S, D, Z (zombie: dead, waiting to be reaped), … */
  state: string;
  rssPages: number;
  /** the CPU niceness, -20 (first) to 19 (last) */
  nice: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const open = text.indexOf('(');
  const pid = Number(text.slice(0, open).trim());
  const name = text.slice(open + 1, close);
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is the state (field 3); ppid is field 4, nice field 19, rss field 24
  const ppid = Number(fields[1]);
  const nice = Number(fields[16]);
  const rssPages = Number(fields[21]);
  if (![pid, ppid, nice, rssPages].every(Number.isFinite)) return undefined;
  return { pid, ppid, name, state: fields[0], rssPages, nice };
}

/** A file of /proc, or undefined when its process (or thread) has ended. */
function readProcFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The processes any thread of `pid` started (Linux's per-thread children lists). */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return threads.flatMap((tid) =>
    (readProcFile(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean).map(Number),
  );
}

/**
 * `root` and every process below it, found through the children lists and read synchronously: a sampler that read
 * every process of the machine (asynchronously, a few hops each) cost about a tenth of a core, taken from the job it
 * measures.
 */
export function treeStats(root: number): ProcStat[] {
  const found: ProcStat[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    const text = readProcFile(`/proc/${pid}/stat`);
    const stat = text === undefined ? undefined : parseProcStat(text);
    if (!stat) continue;
    found.push(stat);
    pending.push(...childrenOf(pid));
  }
  return found;
}

/** Whether a process is alive: a zombie is dead, waiting to be reaped. */
const alive = (stat: ProcStat) => stat.state !== 'Z' && stat.state !== 'X';

/** Processes that are alive (zombies are dead and left out). */
export async function liveProcesses(): Promise<ProcStat[]> {
  return (await readAllStats()).filter(alive);
}

/** The live processes below `root` (not `root` itself). */
export function liveDescendants(root: number): ProcStat[] {
  return treeStats(root).filter((stat) => stat.pid !== root && alive(stat));
}

export async function readAllStats(): Promise<ProcStat[]> {
  const stats: ProcStat[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(await readFile(`/proc/${entry}/stat`, 'utf8'));
      if (stat) stats.push(stat);
    } catch {
      // the process ended between listing and reading
    }
  }
  return stats;
}

const PAGE_BYTES = 4096;

/** Samples the tree's RSS every `intervalMs` until stopped; resolves to the peak in bytes. */
export function sampleTreeRss(root = process.pid, intervalMs = 200): { stop: () => Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, treeStats(root).reduce((total, stat) => total + stat.rssPages, 0) * PAGE_BYTES);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
}
