import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { diesWithThisProcess } from '../media/process.ts';
import type { Logger } from '../pipeline/types.ts';

// Our own background processes (the job process, the catalogue maker): each runs one of our entry modules with
// an IPC channel, at the lowest CPU priority (inherited by every tool it starts), so the process that serves
// HTTP keeps its event loop and its share of the cores; each dies with this process (parent-death signal).

/** Niceness of background processes and their tools: the API answers first, they take what is left. */
export const BACKGROUND_NICENESS = 19;

/** The node arguments that run an entry module: through tsx from sources (as bin/clipforge.js does), else as is. */
export function entryArgs(entry: URL): string[] {
  const file = fileURLToPath(entry);
  return file.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), file] : [file];
}

/** The entry module `name` next to `base` (a module's import.meta.url), in the same flavour (.ts or .js). */
export function siblingEntry(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}

export function startBackgroundNode(entry: URL, log: Logger, name: string): ChildProcess {
  const command = diesWithThisProcess(process.execPath, entryArgs(entry), 'KILL');
  const child = spawn(command.file, command.args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  child.on('error', (error) => log.warn(`${name}: ${error.message}`));
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, BACKGROUND_NICENESS);
    } catch (error) {
      log.warn(`could not lower the ${name}'s priority: ${(error as Error).message}`);
    }
  }
  return child;
}
