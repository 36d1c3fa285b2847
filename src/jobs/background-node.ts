import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { diesWithThisProcess } from '../media/process.ts';
import type { Logger } from '../domain/logger.ts';

// Our own background processes (the job process, the catalogue maker): each runs one of our entry modules with
// an IPC channel, at a lower CPU priority (inherited by every tool it starts, CLIPFORGE_BACKGROUND_NICENESS), so
// the process that serves HTTP keeps its event loop and most of a contested core; each dies with this process
// (parent-death signal).

/**
 * The node arguments that run one of the entry modules beside this one: the .ts file through tsx when running
 * from sources (as bin/clipforge.js does), the compiled .js as it is.
 */
function entryArgs(name: string): string[] {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}${fromSources ? '.ts' : '.js'}`, import.meta.url));
  return fromSources ? ['--import', import.meta.resolve('tsx'), file] : [file];
}

/**
 * Starts the entry module `entry` (a sibling of this file) as a background process at `niceness`, `name` in its
 * log lines.
 */
export function startBackgroundNode(
  entry: 'job-process' | 'catalogue-process',
  niceness: number,
  log: Logger,
  name: string,
): ChildProcess {
  const command = diesWithThisProcess(process.execPath, entryArgs(entry), 'KILL');
  const child = spawn(command.file, command.args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  child.on('error', (error) => log.warn(`${name}: ${error.message}`));
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, niceness);
    } catch (error) {
      log.warn(`could not lower the ${name}'s priority: ${(error as Error).message}`);
    }
  }
  return child;
}
