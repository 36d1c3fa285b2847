import { readdir, readFile } from 'node:fs/promises';

// Peak resident memory of this process and every process below it (ffmpeg, recognisers), sampled from /proc.

export interface ProcStat {
  pid: number;
  ppid: number;
  rssPages: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number(text.slice(0, text.indexOf('(')).trim());
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is the state (field 3); ppid is field 4, rss field 24
  const ppid = Number(fields[1]);
  const rssPages = Number(fields[21]);
  if (!Number.isFinite(pid) || !Number.isFinite(ppid) || !Number.isFinite(rssPages)) return undefined;
  return { pid, ppid, rssPages };
}

/** Sum of RSS pages of `root` and all its descendants. */
export function treeRssPages(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat);
    children.set(stat.ppid, siblings);
  }
  const rootStat = stats.find((stat) => stat.pid === root);
  let total = rootStat?.rssPages ?? 0;
  const pending = [root];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop() as number) ?? []) {
      total += child.rssPages;
      pending.push(child.pid);
    }
  }
  return total;
}

async function readAllStats(): Promise<ProcStat[]> {
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
      peak = Math.max(peak, treeRssPages(await readAllStats(), root) * PAGE_BYTES);
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
