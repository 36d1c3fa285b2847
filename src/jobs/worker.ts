import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../domain/logger.ts';
import { MAX_WINDOW_SECONDS } from '../domain/options.ts';
import type { ServiceContext } from '../service/context.ts';
import { localFoldersOf, removeRequestFiles, removeScratchFiles } from '../service/request-files.ts';
import { DEMO_MAX_SHORTS } from '../service/create-request.ts';
import { AccountsRepository } from '../store/accounts.ts';
import { RequestsRepository, type ClipRequest, type LeaseState } from '../store/requests.ts';
import type { WorkingStep } from '../domain/steps.ts';
import type { ShortRender } from '../store/short-renders.ts';
import type { JobOutcome, JobSpec, StopReason } from './messages.ts';
import { settleRerender } from './rerender-outcome.ts';
import { JobRunner, type RunningJob } from './runner.ts';
import { enqueueStatusWebhook } from '../service/queued-webhooks.ts';

// Workers claim requests from the database, run each in a job process (runner.ts), and record every step. A
// lease renewed every few seconds marks a request as alive; when a worker dies, the lease lapses and another
// worker resumes the request from its last checkpointed stage (the credit was taken once, at create).
// A cancelled or deleted request is stopped, its tools are dead, and only then are its files removed.

export const LEASE_SECONDS = 20;
const RENEW_EVERY_MS = 2000;
const POLL_EVERY_MS = 500;
const MAX_ATTEMPTS = 3;

/** A job a worker holds a lease on: a request's clipping, or a short's re-render. */
interface LeasedWork {
  /** what the lease is on: the request, or the re-render */
  key: string;
  requestId: string;
  spec: JobSpec;
  renewLease(): Promise<LeaseState>;
  onProgress(step: WorkingStep, progress: number): void;
  settle(outcome: JobOutcome, stopReason: StopReason | undefined): Promise<void>;
}

export class Worker {
  readonly id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  private stopping = false;
  private readonly running = new Map<string, (reason: StopReason) => void>();
  private readonly runners: JobRunner[] = [];
  private loops: Promise<void>[] = [];
  private readonly busyListeners: Array<(busy: boolean) => void> = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: Logger,
    private readonly concurrency: number,
  ) {}

  start(): void {
    for (let slot = 0; slot < this.concurrency; slot++) {
      const runner = new JobRunner(this.log, this.ctx.config.backgroundNiceness);
      runner.warmUp();
      this.runners.push(runner);
    }
    this.loops = this.runners.map((runner) => this.loop(runner));
  }

  /** Calls `listener` with true when this worker starts running a job while none ran, false when it runs none. */
  onBusyChange(listener: (busy: boolean) => void): void {
    this.busyListeners.push(listener);
  }

  private busyChanged(busy: boolean): void {
    for (const listener of this.busyListeners) listener(busy);
  }

  /** Stops taking work and hands running requests back to the queue for another worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const stop of this.running.values()) stop('shutdown');
    await Promise.all(this.loops);
    await Promise.all(this.runners.map((runner) => runner.close()));
  }

  private async loop(runner: JobRunner): Promise<void> {
    while (!this.stopping) {
      let work: LeasedWork | undefined;
      try {
        work = await this.claim();
      } catch (error) {
        this.log.warn(`claiming work failed: ${(error as Error).message}`);
      }
      if (!work) {
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
        continue;
      }
      await this.process(work, runner);
    }
  }

  /** The next request to clip, or else the next short to render again. */
  private async claim(): Promise<LeasedWork | undefined> {
    const request = await this.ctx.requests.claim(this.id, LEASE_SECONDS);
    if (request) return this.clipWork(request);
    const render = await this.ctx.shortRenders.claim(this.id, LEASE_SECONDS);
    if (!render) return undefined;
    // a request deleted since takes its re-renders with it
    const parent = await this.ctx.requests.get(render.requestId);
    return parent && this.rerenderWork(render, parent);
  }

  private clipWork(request: ClipRequest): LeasedWork {
    const { ctx } = this;
    return {
      key: request.id,
      requestId: request.id,
      spec: {
        kind: 'clip',
        requestId: request.id,
        input: {
          source: request.source,
          start: request.start,
          end: request.end,
          options: request.options,
          ...(request.isDemo ? { maxShorts: DEMO_MAX_SHORTS } : {}),
        },
        ...localFoldersOf(ctx, request.id),
        config: ctx.config,
        maxWindowSeconds: MAX_WINDOW_SECONDS,
      },
      renewLease: () => ctx.requests.renewLease(request.id, this.id, LEASE_SECONDS),
      // progress is recorded in the background: the job does not wait for the database
      onProgress: (step, progress) => {
        void ctx.requests
          .advance(request.id, step, progress)
          .then(() => ctx.changes.emit('change', request.id))
          .catch((error: Error) =>
            this.log.warn(`recording progress of ${request.id} failed: ${error.message}`),
          );
      },
      settle: (outcome, stopReason) => this.settle(request, outcome, stopReason),
    };
  }

  private rerenderWork(render: ShortRender, request: ClipRequest): LeasedWork {
    const { ctx } = this;
    return {
      key: render.id,
      requestId: request.id,
      spec: {
        kind: 'rerender',
        requestId: request.id,
        input: render.job.input,
        requestOptions: request.options,
        ...localFoldersOf(ctx, request.id),
        config: ctx.config,
      },
      renewLease: () => ctx.shortRenders.renewLease(render.id, this.id, LEASE_SECONDS),
      onProgress: (_step, progress) => {
        void ctx.shortRenders
          .advance(render.id, progress)
          .then(() => ctx.changes.emit('change', request.id))
          .catch((error: Error) =>
            this.log.warn(`recording progress of re-render ${render.id} failed: ${error.message}`),
          );
      },
      settle: (outcome, stopReason) => settleRerender(ctx, this.id, render, outcome, stopReason, this.log),
    };
  }

  private async process(work: LeasedWork, runner: JobRunner): Promise<void> {
    const { ctx } = this;
    let stopReason: StopReason | undefined;
    let job: RunningJob | undefined;
    const stop = (reason: StopReason) => {
      stopReason ??= reason;
      void job?.abort();
    };
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.running.set(work.key, stop);
    if (this.running.size === 1) this.busyChanged(true);
    const unregister = ctx.jobs.register(work.requestId, async () => {
      stop('cancelled');
      await done;
    });
    const renewLease = async () => {
      const state = await work.renewLease().catch(() => 'held' as const);
      if (state === 'stopped') stop('cancelled');
      if (state === 'lost') stop('lost');
    };
    const renew = setInterval(() => void renewLease(), RENEW_EVERY_MS);
    const timeout = setTimeout(() => stop('timeout'), ctx.config.jobTimeoutMinutes * 60_000);
    try {
      // a delete handled between the claim and now would not have found this job to stop
      await renewLease();
      let outcome: JobOutcome = { kind: 'cancelled' };
      if (!stopReason) {
        job = runner.run(work.spec, work.onProgress);
        if (stopReason) void job.abort();
        outcome = await job.outcome;
      }
      await work.settle(outcome, stopReason);
    } catch (error) {
      this.log.warn(`request ${work.requestId}: ${(error as Error).message}`);
    } finally {
      clearInterval(renew);
      clearTimeout(timeout);
      unregister();
      this.running.delete(work.key);
      if (this.running.size === 0) this.busyChanged(false);
      finished();
      ctx.changes.emit('change', work.requestId);
    }
  }

  /** Removes every file of the request: its work folder and its rendered shorts, here and in storage. */
  private removeFiles(request: ClipRequest): Promise<void> {
    return removeRequestFiles(this.ctx, request.id);
  }

  /** Records how a job ended. Its tools are dead by now, so its files can go. */
  private async settle(request: ClipRequest, outcome: JobOutcome, stopReason: StopReason | undefined) {
    const { ctx } = this;
    if (stopReason === 'lost') return; // another worker holds the request now, and its files
    if (stopReason === 'cancelled') return this.removeFiles(request); // the API sent the webhook
    if (outcome.kind === 'completed') {
      const completed = await ctx.db.transaction(async (tx) => {
        const done = await new RequestsRepository(tx).complete(request.id, this.id, outcome.result);
        if (done) await enqueueStatusWebhook(ctx, done, tx);
        return done;
      });
      if (completed) return removeScratchFiles(ctx, request.id);
      // cancelled or deleted just before the end; or taken over by another worker, which may resume from the
      // checkpoints (and shorts) this one wrote, so they stay
      if (await ctx.requests.unwanted(request.id)) await this.removeFiles(request);
      return;
    }
    if (stopReason === 'shutdown') return this.handBack(request, { countAttempt: false });
    if (stopReason === 'timeout')
      return this.fail(request, `Processing timeout after ${ctx.config.jobTimeoutMinutes} min`);
    if (outcome.kind === 'failed') return this.fail(request, outcome.reason);
    const message = outcome.kind === 'crashed' ? outcome.message : 'the job stopped by itself';
    this.log.warn(`request ${request.id} attempt ${request.attempts} failed: ${message}`);
    if (request.attempts < MAX_ATTEMPTS) return this.handBack(request, { countAttempt: true });
    return this.fail(
      request,
      `Processing failed ${request.attempts} times because of an internal error; the server log has the details`,
    );
  }

  /** Puts the request back in the queue, its files kept so the next attempt resumes from them. */
  private async handBack(request: ClipRequest, options: { countAttempt: boolean }): Promise<void> {
    const released = await this.ctx.requests.release(request.id, this.id, options);
    if (!released && (await this.ctx.requests.unwanted(request.id))) await this.removeFiles(request);
  }

  /** Fails the request, refunds its credit and queues its webhook, all or nothing; then removes its files. */
  private async fail(request: ClipRequest, reason: string): Promise<void> {
    const { ctx } = this;
    const failed = await ctx.db.transaction(async (tx) => {
      const done = await new RequestsRepository(tx).fail(request.id, this.id, reason);
      if (done?.refunded) await new AccountsRepository(tx).refundCredit(done.accountId);
      if (done) await enqueueStatusWebhook(ctx, done, tx);
      return done;
    });
    if (failed || (await ctx.requests.unwanted(request.id))) await this.removeFiles(request);
  }
}
