import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../domain/logger.ts';
import type { WorkingStep } from '../domain/steps.ts';
import { startBackgroundNode } from './background-node.ts';
import type { FromJobProcess, JobOutcome, JobSpec, ToJobProcess } from './messages.ts';

// One job process, reused job after job. The pipeline runs there, in a background process (see
// background-node.ts): at a lower CPU priority than the API, dying with this one, its tools dying with it.

/** How long a job may take to stop its tools after an abort before its process is killed outright. */
const ABORT_GRACE_MS = 10_000;

export interface RunningJob {
  /** settles once the job has ended and every tool it started has exited */
  outcome: Promise<JobOutcome>;
  /** asks the job to stop; resolves with its outcome once its tools are dead */
  abort(): Promise<JobOutcome>;
}

export class JobRunner {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: Logger,
    private readonly niceness: number,
  ) {}

  /** Starts the job process now, so the first job does not wait for it. */
  warmUp(): void {
    this.process();
  }

  private process(): ChildProcess {
    if (this.child?.connected) return this.child;
    this.child?.kill('SIGKILL'); // on its way out already
    const child = startBackgroundNode('job-process', this.niceness, this.log, 'job process');
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    return child;
  }

  run(job: JobSpec, onProgress: (step: WorkingStep, progress: number) => void): RunningJob {
    const child = this.process();
    let settle!: (outcome: JobOutcome) => void;
    const outcome = new Promise<JobOutcome>((resolve) => (settle = resolve));
    const onMessage = (message: FromJobProcess) => {
      if (message.type === 'progress') onProgress(message.step, message.progress);
      else if (message.type === 'log') this.log[message.level](message.message);
      else settle(message.outcome);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle({ kind: 'crashed', message: `the job process exited (${signal ?? `code ${code}`})` });
    child.on('message', onMessage);
    child.once('exit', onExit);
    void outcome.then(() => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    });
    child.send({ type: 'run', job } satisfies ToJobProcess);

    let aborting: Promise<JobOutcome> | undefined;
    const abort = () => {
      aborting ??= (async () => {
        if (child.connected) child.send({ type: 'abort' } satisfies ToJobProcess);
        const timer = setTimeout(() => {
          this.log.warn(
            `job ${job.requestId} did not stop within ${ABORT_GRACE_MS / 1000} s; killing its process`,
          );
          child.kill('SIGKILL');
        }, ABORT_GRACE_MS);
        try {
          return await outcome;
        } finally {
          clearTimeout(timer);
        }
      })();
      return aborting;
    };
    return { outcome, abort };
  }

  /** Ends the job process (between jobs). */
  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected)
      child.disconnect(); // the job process exits when its channel closes
    else child.kill('SIGKILL');
    const killer = setTimeout(() => child.kill('SIGKILL'), ABORT_GRACE_MS);
    await this.exited;
    clearTimeout(killer);
  }
}
