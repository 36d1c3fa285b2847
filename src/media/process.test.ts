import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, TYPESCRIPT_NODE_ARGS } from '../../test/helpers/cli.ts';
import { describe, expect, it } from 'vitest';
import { descendantsOf, liveProcesses } from '../bench/process-tree-rss.ts';
import { CancelledError } from '../errors.ts';
import { allChildrenExited, CommandNotFoundError, ProcessError, runProcess } from './process.ts';

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

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
    expect(descendantsOf(await liveProcesses(), process.pid).filter((p) => p.name === 'sleep')).toEqual([]);
  });

  it('die, with their own children, within seconds of a SIGKILL of the process that started them', async () => {
    const parent = spawn(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, 'test/fixtures/run-tools.ts', 'sh', '-c', 'sleep 60 & sleep 61'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => parent.stdout.once('data', () => resolve()));
    let tools: number[] = [];
    await waitUntil(async () => {
      tools = descendantsOf(await liveProcesses(), parent.pid!)
        .filter((p) => p.name === 'sleep')
        .map((p) => p.pid);
      return tools.length === 2;
    }, 5000);
    expect(tools).toHaveLength(2);
    parent.kill('SIGKILL');
    const alive = async () => (await liveProcesses()).filter((p) => tools.includes(p.pid));
    expect(await waitUntil(async () => (await alive()).length === 0, 3000)).toBe(true);
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
});
