import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { overallProgress, runClipJob, type ClipJobResult } from '../pipeline/run.ts';
import { toSentenceFields } from '../pipeline/short-fields.ts';
import { CancelledError, PipelineError } from '../errors.ts';
import type { Logger } from '../pipeline/types.ts';
import type { ServiceContext } from '../service/context.ts';
import type { ClipRequest, RequestResult } from '../store/requests.ts';
import { webhookPayload } from './webhook-payload.ts';

// Workers claim requests from the database, run the pipeline, and record every step. A lease renewed every few
// seconds marks a request as alive; when a worker dies, the lease lapses and another worker resumes the request
// from its last checkpointed stage (the credit was taken once, at create).

export const LEASE_SECONDS = 20;
const RENEW_EVERY_MS = 2000;
const POLL_EVERY_MS = 500;
const MAX_ATTEMPTS = 3;

export function toRequestResult(
  result: ClipJobResult,
  request: ClipRequest,
  filesDir: string,
): RequestResult {
  const windowStart = request.start;
  const relative = (file: string) => path.relative(filesDir, file);
  return {
    title: result.title,
    sourceDuration: result.sourceDuration,
    windowStart,
    sentences: toSentenceFields(result.transcript.sentences, windowStart),
    heatmap: result.heatmap,
    shorts: result.shorts.map((short) => ({
      id: short.id,
      rank: short.rank,
      title: short.title,
      description: short.description,
      reason: short.reason,
      viralScore: short.viralScore,
      start: short.start,
      end: short.end,
      duration: short.duration,
      width: short.width,
      height: short.height,
      sentenceIndexes: short.sentenceIndexes,
      video: relative(short.videoPath),
      thumbnail: relative(short.thumbnailPath),
      srt: relative(short.srtPath),
      vtt: relative(short.vttPath),
      sha256: short.sha256,
      bytes: short.bytes,
    })),
  };
}

export class Worker {
  readonly id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
  private stopping = false;
  private readonly running = new Map<string, AbortController>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly log: Logger,
    private readonly concurrency: number,
  ) {}

  start(): void {
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  /** Stops taking work and hands running requests back to the queue for another worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort(new Error('shutdown'));
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
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
      await this.process(request);
    }
  }

  private async process(request: ClipRequest): Promise<void> {
    const { ctx } = this;
    const controller = new AbortController();
    this.running.set(request.id, controller);
    const timeoutMs = ctx.config.jobTimeoutMinutes * 60_000;
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    const renew = setInterval(async () => {
      const keepGoing = await ctx.requests.renewLease(request.id, this.id, LEASE_SECONDS).catch(() => true);
      if (!keepGoing) controller.abort(new Error('cancelled'));
    }, RENEW_EVERY_MS);
    let lastProgress = -1;
    const outDir = path.join(ctx.filesDir, request.id);
    const workDir = path.join(ctx.workDir, request.id);
    try {
      const result = await runClipJob(
        { source: request.source, start: request.start, end: request.end, options: request.options },
        {
          workDir,
          outDir,
          config: ctx.config,
          signal: controller.signal,
          log: this.log,
          maxWindowSeconds: 1200,
          onProgress: ({ step, fraction }) => {
            const progress = overallProgress(step, fraction);
            if (progress === lastProgress) return;
            lastProgress = progress;
            ctx.requests
              .advance(request.id, step, progress)
              .then(() => ctx.changes.emit('change', request.id))
              .catch((error: Error) =>
                this.log.warn(`recording progress of ${request.id} failed: ${error.message}`),
              );
          },
        },
      );
      const completed = await ctx.requests.complete(
        request.id,
        toRequestResult(result, request, ctx.filesDir),
      );
      await rm(workDir, { recursive: true, force: true });
      if (completed) await this.notify(completed);
    } catch (error) {
      const reason = controller.signal.reason as Error | undefined;
      if (reason?.message === 'shutdown') {
        await ctx.requests.release(request.id, this.id);
      } else if (reason?.message === 'cancelled' || (error instanceof CancelledError && !reason)) {
        // cancelled or deleted through the API, which also sends the cancellation webhook
        await Promise.all([outDir, workDir].map((dir) => rm(dir, { recursive: true, force: true })));
      } else {
        const failureReason =
          reason?.message === 'timeout'
            ? `Processing timeout after ${ctx.config.jobTimeoutMinutes} min`
            : error instanceof PipelineError
              ? error.message
              : undefined;
        if (failureReason === undefined && request.attempts < MAX_ATTEMPTS) {
          this.log.warn(
            `request ${request.id} attempt ${request.attempts} failed: ${(error as Error).stack}`,
          );
          await ctx.requests.release(request.id, this.id);
        } else {
          await this.failRequest(request, failureReason ?? `Processing failed: ${(error as Error).message}`);
          await Promise.all([outDir, workDir].map((dir) => rm(dir, { recursive: true, force: true })));
        }
      }
    } finally {
      clearTimeout(timeout);
      clearInterval(renew);
      this.running.delete(request.id);
      ctx.changes.emit('change', request.id);
    }
  }

  private async failRequest(request: ClipRequest, reason: string): Promise<void> {
    const failed = await this.ctx.requests.fail(request.id, reason);
    if (!failed) return;
    if (failed.refunded) await this.ctx.accounts.refundCredit(failed.accountId);
    await this.notify(failed);
  }

  private async notify(request: ClipRequest): Promise<void> {
    if (!request.webhookUrl) return;
    const payload = webhookPayload(request, this.ctx.config, this.ctx.signingKey);
    if (payload) await this.ctx.webhooks.enqueue(request.id, request.webhookUrl, payload.event, payload);
  }
}
