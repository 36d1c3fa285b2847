import { spawn, type ChildProcess } from 'node:child_process';
import { CLIPFORGE_ARGS, REPO_ROOT } from './cli.ts';

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts `clipforge serve|worker` as a real process and waits for its ready line. */
export function startClipforge(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready = /listening on (\S+)/,
  command = [process.execPath, ...CLIPFORGE_ARGS],
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let log = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const timer = setTimeout(() => reject(new Error(`clipforge ${args[0]} did not start:\n${log}`)), 240_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = ready.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1] ?? '',
          process: child,
          output: () => log,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`clipforge ${args[0]} exited with ${code}:\n${log}`));
    });
  });
}
