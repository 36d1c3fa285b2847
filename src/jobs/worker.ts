import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from '../domain/logger.ts';
import { MAX_WINDOW_SECONDS } from '../domain/options.ts';
import type { ServiceContext } from '../service/context.ts';
import { localFoldersOf, removeRequestFiles, removeWorkFiles } from '../service/request-files.ts';
import { DEMO_MAX_SHORTS } from '../service/create-request.ts';
import { AccountsRepository } from '../store/accounts.ts';
import { RequestsRepository, type ClipRequest } from '../store/requests.ts';
import type { JobOutcome } from './messages.ts';
import { JobRunner, type RunningJob } from './runner.ts';
import { enqueueStatusWebhook } from './webhook-payload.ts';

// Workers claim requests from the database, run each in a job process (runner.ts), and record every step. A
// lease renewed every few seconds marks a request as alive; when a worker dies, the lease lapses and another
// worker resumes the request from its last checkpointed stage (the credit was taken once, at create).
// A cancelled or deleted request is stopped, its tools are dead, and only then are its files removed.

export const LEASE_SECONDS = 20;
const RENEW_EVERY_MS = 2000;
const POLL_EVERY_MS = 500;
const MAX_ATTEMPTS = 3;

/** Why the worker stopped a job before it ended by itself. */
type StopReason = 'cancelled' | 'lost' | 'timeout' | 'shutdown';

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
      const runner = new JobRunner(this.log);
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
      let request: ClipRequest | undefined;
      try {
        request = await this.ctx.requests.claim(this.id, LEASE_SECONDS);
      } catch (error) {
        this.log.warn(`claiming work failed: ${(error as Error).message}`);
      }
      if (!request) {
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
        continue;
      }
      await this.process(request, runner);
    }
  }

  private async process(request: ClipRequest, runner: JobRunner): Promise<void> {
    const { ctx } = this;
    let stopReason: StopReason | undefined;
    let job: RunningJob | undefined;
    const stop = (reason: StopReason) => {
      stopReason ??= reason;
      void job?.abort();
    };
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    this.running.set(request.id, stop);
    if (this.running.size === 1) this.busyChanged(true);
    const unregister = ctx.jobs.register(request.id, async () => {
      stop('cancelled');
      await done;
    });
    const renewLease = async () => {
      const state = await ctx.requests
        .renewLease(request.id, this.id, LEASE_SECONDS)
        .catch(() => 'held' as const);
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
        job = runner.run(
          {
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
          // progress is recorded in the background: the job does not wait for the database
          (step, progress) => {
            void ctx.requests
              .advance(request.id, step, progress)
              .then(() => ctx.changes.emit('change', request.id))
              .catch((error: Error) =>
                this.log.warn(`recording progress of ${request.id} failed: ${error.message}`),
              );
          },
        );
        if (stopReason) void job.abort();
        outcome = await job.outcome;
      }
      await this.settle(request, outcome, stopReason);
    } catch (error) {
      this.log.warn(`request ${request.id}: ${(error as Error).message}`);
    } finally {
      clearInterval(renew);
      clearTimeout(timeout);
      unregister();
      this.running.delete(request.id);
      if (this.running.size === 0) this.busyChanged(false);
      finished();
      ctx.changes.emit('change', request.id);
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
      if (completed) return removeWorkFiles(ctx, request.id);
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
