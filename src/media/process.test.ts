import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, TYPESCRIPT_NODE_ARGS } from '../../test/helpers/cli.ts';
import { describe, expect, it } from 'vitest';
import { liveDescendants, liveProcesses } from '../bench/process-tree-rss.ts';
import { CancelledError } from '../domain/errors.ts';
import { allChildrenExited, CommandNotFoundError, ProcessError, runProcess } from './process.ts';

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Live processes (not zombies) whose command line holds `tag`: a tool, and its supervisor while it lives. */
async function holding(tag: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) continue;
      const command = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      if (command.includes(tag)) found.push(`${entry}: ${command.trim()}`);
    } catch {
      // gone between listing and reading
    }
  }
  return found;
}

/** A `sleep` no other test runs: its argument is the tag that finds it (and its supervisor) in /proc. */
const uniqueSleep = (i: number) => `${86_400 + process.pid * 100 + i}.${Math.floor(Math.random() * 1e6)}`;

/** Generous: a busy 2-core machine may be slow to schedule processes at niceness 19; a survivor never goes. */
const GONE_WITHIN_MS = 30_000;

describe('children started by runProcess', () => {
  it('hand stdin on, keep the exit code and name a missing tool', async () => {
    expect((await runProcess('cat', [], { input: 'through the supervisor' })).stdout).toBe(
      'through the supervisor',
    );
    const failed = await runProcess('sh', ['-c', 'exit 3']).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ProcessError);
    expect((failed as ProcessError).code).toBe(3);
    await expect(runProcess('/nowhere/ffmpeg', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('are all gone once an abort has been acknowledged', async () => {
    const controller = new AbortController();
    const runs = [1, 2].map(() =>
      runProcess('sh', ['-c', 'sleep 30 & sleep 30'], { signal: controller.signal }).catch((e) => e),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    expect(await Promise.all(runs)).toEqual([expect.any(CancelledError), expect.any(CancelledError)]);
    await allChildrenExited();
    expect(liveDescendants(process.pid).filter((p) => p.name === 'sleep')).toEqual([]);
  });

  it('die, with their own children, after a SIGKILL of the process that started them', async () => {
    const parent = spawn(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, 'test/fixtures/run-tools.ts', 'sh', '-c', 'sleep 60 & sleep 61'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => parent.stdout.once('data', () => resolve()));
    let tools: number[] = [];
    await waitUntil(async () => {
      tools = liveDescendants(parent.pid!)
        .filter((p) => p.name === 'sleep')
        .map((p) => p.pid);
      return tools.length === 2;
    }, GONE_WITHIN_MS);
    expect(tools).toHaveLength(2);
    parent.kill('SIGKILL');
    const alive = async () => (await liveProcesses()).filter((p) => tools.includes(p.pid));
    expect(await waitUntil(async () => (await alive()).length === 0, GONE_WITHIN_MS)).toBe(true);
  });

  it.runIf(existsSync('/proc/self/autogroup'))(
    "run at their caller's niceness, even though each has a session (an autogroup) of its own",
    async () => {
      const script = [
        `const { runProcess } = await import(${JSON.stringify(path.join(REPO_ROOT, 'src/media/process.ts'))});`,
        "process.stdout.write((await runProcess('cat', ['/proc/self/autogroup'])).stdout);",
      ].join('\n');
      const niced = await runProcess('nice', [
        '-n',
        '19',
        process.execPath,
        ...TYPESCRIPT_NODE_ARGS,
        '--input-type=module',
        '--eval',
        script,
      ]);
      expect(niced.stdout).toMatch(/^\/autogroup-\d+ nice 19$/m);
      // a caller at niceness 0 leaves its tools' sessions as they are
      expect((await runProcess('cat', ['/proc/self/autogroup'])).stdout).toMatch(/ nice 0$/m);
    },
  );

  it.runIf(process.platform === 'linux')(
    'die with the process that started them when it is SIGKILLed the moment it spawned them, every time',
    async () => {
      for (let i = 0; i < 12; i++) {
        const tag = uniqueSleep(i);
        const nested = i % 2 === 1;
        const parent = spawn(
          process.execPath,
          [
            ...TYPESCRIPT_NODE_ARGS,
            'test/fixtures/spawn-tool-now.ts',
            ...(nested ? ['--nested'] : []),
            'sleep',
            tag,
          ],
          { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        await new Promise<void>((resolve) => parent.stdout.once('data', () => resolve()));
        // at once, or a moment later while the supervisor arms itself or sets its session's niceness
        if (i % 3 > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
        parent.kill('SIGKILL');
        const gone = await waitUntil(async () => (await holding(tag)).length === 0, GONE_WITHIN_MS);
        expect(gone ? [] : await holding(tag), `run ${i}${nested ? ' (nested)' : ''}`).toEqual([]);
      }
    },
    300_000,
  );

  it.runIf(process.platform === 'linux')(
    'die when their supervisor is SIGKILLed (no trap runs for that signal)',
    async () => {
      for (let i = 0; i < 3; i++) {
        const tag = uniqueSleep(100 + i);
        const run = runProcess('sleep', [tag]).catch((error: unknown) => error);
        let supervisor: number | undefined;
        await waitUntil(async () => {
          const stats = await liveProcesses();
          const tool = (await holding(tag)).find((line) => /^(\S*\/)?sleep /.test(line.split(': ')[1]));
          const pid = tool ? Number(tool.split(':')[0]) : undefined;
          supervisor = stats.find((p) => p.pid === pid)?.ppid;
          return supervisor !== undefined;
        }, GONE_WITHIN_MS);
        expect(supervisor).toBeDefined();
        process.kill(supervisor!, 'SIGKILL');
        const gone = await waitUntil(async () => (await holding(tag)).length === 0, GONE_WITHIN_MS);
        const survivors = gone ? [] : await holding(tag);
        for (const line of survivors) process.kill(Number(line.split(':')[0]), 'SIGKILL');
        expect(survivors).toEqual([]);
        expect(await run).toBeInstanceOf(ProcessError);
      }
    },
    120_000,
  );
});
