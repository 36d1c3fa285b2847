import { spawn } from 'node:child_process';
import { CancelledError } from '../errors.ts';

// The one place child processes are started: by path, with an argument array, never through a shell.

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
  override readonly name = 'ProcessError';
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} exited with ${code ?? 'a signal'}: ${lastLines(stderr, 3)}`);
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
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
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
      const message =
        error.code === 'ENOENT'
          ? `${command} is not installed or not on PATH`
          : `${command} failed: ${error.message}`;
      reject(new ProcessError(command, null, message));
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
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
