import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CancelledError } from '../domain/errors.ts';

// The one place child processes are started: by path, with an argument array, never through a shell of the
// caller's making. On Linux every tool runs under a small supervisor that dies with this process: `setpriv`
// arms the parent-death signal and a fixed sh script kills the tool's whole process group when it fires, so
// no tool (nor anything the tool started) outlives the process that ran it, even after a SIGKILL.

export interface RunOptions {
  signal?: AbortSignal;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** called for every complete stdout line */
  onStdoutLine?: (line: string) => void;
  /** called with every raw stdout chunk (binary output such as decoded frames); `flow` pauses the child's output */
  onStdoutData?: (chunk: Buffer, flow: StdoutFlow) => void;
  /** called for every complete stderr line */
  onStderrLine?: (line: string) => void;
  /** bytes of stdout to keep in the result (default 16 MiB); the rest is streamed to onStdoutLine only */
  maxStdoutBytes?: number;
  input?: string | Buffer;
}

/** Back-pressure on a child's stdout: while paused, the child blocks on its next write. */
export interface StdoutFlow {
  pause(): void;
  resume(): void;
}

export interface RunResult {
  code: number;
  stdout: string;
  /** the last 64 KiB of stderr, for error messages */
  stderr: string;
}

export class ProcessError extends Error {
  override readonly name: string = 'ProcessError';
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} exited with ${code ?? 'a signal'}: ${lastLines(stderr, 3)}`);
  }
}

/** The executable is not installed (or not where the configuration says). */
export class CommandNotFoundError extends ProcessError {
  override readonly name = 'CommandNotFoundError';
  constructor(command: string) {
    super(command, null, `${command} is not installed or not on PATH`);
  }
}

const STDERR_TAIL_BYTES = 64 * 1024;

export function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}

function lineSplitter(onLine?: (line: string) => void): (chunk: Buffer | null) => void {
  let pending = '';
  return (chunk) => {
    if (!onLine) return;
    if (chunk === null) {
      if (pending) onLine(pending);
      pending = '';
      return;
    }
    pending += chunk.toString('utf8');
    const lines = pending.split(/\r?\n|\r/);
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
}

/** The tool's absolute path: as given when it names a file, else the first match on PATH. */
export function findExecutable(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Runs a tool with the parent-death signal KILL armed, under the supervisor (`$0`, the supervisor's pid): the
 * tool dies with its supervisor however the supervisor ends. The check after arming catches a supervisor that
 * died before the signal was armed, as the supervisor's own check does for its parent.
 */
export const TOOL_GUARD = ['[ "$PPID" = "$0" ] || exit 125', 'exec "$@"'].join('\n');

/**
 * Runs its arguments after `$1` (the pid of the process that started it), `$2` (that process's niceness), `$3`
 * (setpriv) and `$4` (TOOL_GUARD) as a background job of its own process group and waits for it. When the death
 * signal armed by setpriv arrives, it kills the whole group. A parent that died before the signal was armed is
 * caught by the PPID check. stdin is handed on explicitly, because sh gives background jobs /dev/null.
 *
 * The trap needs this shell alive and scheduled to run it; a supervisor that is SIGKILLed (by an operator, the
 * OOM killer, anything that kills by name) runs no trap. So the tool does not depend on it: it is started
 * through setpriv too, with a parent-death signal of its own (KILL) bound to this shell. Either way the tool
 * dies: by the trap's group kill (which also takes whatever the tool started), or by its own death signal.
 *
 * The tool's session is new (so that its group can be killed), and Linux shares the CPU fairly between
 * sessions ("autogroups") whatever the niceness inside them: a niced caller's tool would compete with the API
 * as an equal. So its session gets the caller's niceness too. Without CAP_SYS_ADMIN the kernel takes one such
 * change per 100 ms (EAGAIN otherwise), hence a few tries; without autogroups there is nothing to change.
 */
export const SUPERVISOR_SCRIPT = [
  'parent=$1 nice=$2 setpriv=$3 guard=$4; shift 4',
  '[ "$PPID" = "$parent" ] || exit 125',
  "trap 'kill -KILL 0' TERM",
  'tries=0',
  'while [ "$nice" -gt 0 ] && [ -w /proc/self/autogroup ] && [ "$tries" -lt 5 ]; do',
  '  { echo "$nice" > /proc/self/autogroup; } 2>/dev/null && break',
  '  tries=$((tries + 1)); sleep 0.1',
  'done',
  'exec 3<&0',
  '"$setpriv" --pdeathsig KILL -- /bin/sh -c "$guard" "$$" "$@" <&3 3<&- &',
  'exec 3<&-',
  'wait $!',
].join('\n');

const setpriv =
  process.platform === 'linux' ? findExecutable('setpriv', '/usr/bin:/bin:/usr/sbin:/sbin') : undefined;

/**
 * The command line that runs `executable` with the parent-death signal `signal` armed, where the system has
 * setpriv (Linux); elsewhere the command line as it is.
 */
export function diesWithThisProcess(
  executable: string,
  args: readonly string[],
  signal: 'TERM' | 'KILL',
): { file: string; args: string[] } {
  if (!setpriv) return { file: executable, args: [...args] };
  return { file: setpriv, args: ['--pdeathsig', signal, '--', executable, ...args] };
}

/** The command line that runs a tool so that it, and everything it starts, dies with this process. */
export function supervisedCommand(
  executable: string,
  args: readonly string[],
): { file: string; args: string[] } {
  if (!setpriv) return { file: executable, args: [...args] };
  return diesWithThisProcess(
    '/bin/sh',
    [
      '-c',
      SUPERVISOR_SCRIPT,
      'sh',
      String(process.pid),
      String(os.getPriority()),
      setpriv,
      TOOL_GUARD,
      executable,
      ...args,
    ],
    'TERM',
  );
}

/** Children still running (or whose output is still open). */
const live = new Set<Promise<void>>();

/** Resolves once every child started by this process so far has exited and closed its output. */
export async function allChildrenExited(): Promise<void> {
  while (live.size > 0) await Promise.all([...live]);
}

/**
 * Runs `command` with `args` and resolves with its output when it exits 0.
 * Rejects with ProcessError on a non-zero exit, or CancelledError when `signal` aborts, in which case the
 * whole process group is killed at once.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const executable = findExecutable(command, (options.env ?? process.env).PATH);
    if (!executable) {
      reject(new CommandNotFoundError(command));
      return;
    }
    const supervised = supervisedCommand(executable, args);
    const child = spawn(supervised.file, supervised.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let settled!: () => void;
    const gone = new Promise<void>((resolve) => (settled = resolve));
    live.add(gone);
    void gone.then(() => live.delete(gone));
    const maxStdout = options.maxStdoutBytes ?? 16 * 1024 * 1024;
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    const stdoutLines = lineSplitter(options.onStdoutLine);
    const flow: StdoutFlow = { pause: () => child.stdout.pause(), resume: () => child.stdout.resume() };
    const stderrLines = lineSplitter(options.onStderrLine);

    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutBytes < maxStdout) {
        stdoutChunks.push(chunk);
        stdoutBytes += chunk.length;
      }
      stdoutLines(chunk);
      options.onStdoutData?.(chunk, flow);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      stderrLines(chunk);
    });
    child.stdin.on('error', () => undefined);
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const onAbort = () => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error: NodeJS.ErrnoException) => {
      options.signal?.removeEventListener('abort', onAbort);
      settled();
      reject(
        error.code === 'ENOENT'
          ? new CommandNotFoundError(command)
          : new ProcessError(command, null, `${command} failed: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      settled();
      stdoutLines(null);
      stderrLines(null);
      if (options.signal?.aborted) {
        reject(new CancelledError());
        return;
      }
      const stdout = Buffer.concat(stdoutChunks).toString('utf8');
      if (code === 0) resolve({ code, stdout, stderr });
      else reject(new ProcessError(command, code, stderr));
    });
  });
}
