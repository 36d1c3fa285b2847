import path from 'node:path';
import { allChildrenExited } from '../media/process.ts';
import { openStorage } from '../storage/open.ts';
import { requestFilesPrefix, requestWorkPrefix, storedSourceKey, type Storage } from '../storage/storage.ts';
import { rerenderShort } from '../pipeline/rerender.ts';
import { overallProgress, runClipJob } from '../pipeline/run.ts';
import { CancelledError, PipelineError } from '../domain/errors.ts';
import type { Logger } from '../domain/logger.ts';
import type { RenderedShort } from '../domain/shorts.ts';
import type { WorkingStep } from '../domain/steps.ts';
import type {
  ClipJobSpec,
  FromJobProcess,
  JobOutcome,
  JobSpec,
  RerenderJobSpec,
  ToJobProcess,
} from './messages.ts';
import { toRequestResult, toStoredShort } from './request-result.ts';

// The job process: started by a worker (see runner.ts), it runs one job at a time and reports progress and the
// outcome over IPC. An abort kills the job's tools; the outcome is sent only after every one of them has exited,
// so the worker may remove the job's files as soon as it hears back. If the worker goes away, so does this.

const send = (message: FromJobProcess) => process.send?.(message);

const log: Logger = {
  info: (message) => send({ type: 'log', level: 'info', message }),
  warn: (message) => send({ type: 'log', level: 'warn', message }),
};

let current: AbortController | undefined;

/** Sends progress as it changes; a re-render's (0..100 of its own) is sent as the finalizing step's. */
function progressReporter() {
  let lastProgress = -1;
  return (step: WorkingStep, progress: number) => {
    if (progress === lastProgress) return;
    lastProgress = progress;
    send({ type: 'progress', step, progress });
  };
}

async function outcomeOf(job: JobSpec, signal: AbortSignal): Promise<JobOutcome> {
  try {
    return job.kind === 'clip' ? await clipOutcome(job, signal) : await rerenderOutcome(job, signal);
  } catch (error) {
    if (signal.aborted || error instanceof CancelledError) return { kind: 'cancelled' };
    if (error instanceof PipelineError) {
      if (error.cause instanceof Error)
        log.warn(`${job.requestId}: ${error.message} (${error.cause.message})`);
      return { kind: 'failed', reason: error.message };
    }
    return {
      kind: 'crashed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

async function rerenderOutcome(job: RerenderJobSpec, signal: AbortSignal): Promise<JobOutcome> {
  const storage = await openStorage(job.config);
  const report = progressReporter();
  const short = await rerenderShort(job.input, job.requestOptions, {
    workDir: job.workDir,
    outDir: job.outDir,
    config: job.config,
    log,
    signal,
    onProgress: (fraction) => report('finalizing', Math.floor(Math.min(1, fraction) * 100)),
  });
  if (storage.shared) await publishShort(storage, job.requestId, short);
  return { kind: 'rerendered', short: toStoredShort(short, job.requestId) };
}

async function clipOutcome(job: ClipJobSpec, signal: AbortSignal): Promise<JobOutcome> {
  const progress = progressReporter();
  const report = (step: WorkingStep, fraction: number) => progress(step, overallProgress(step, fraction));
  const storage = await openStorage(job.config);
  const result = await runClipJob(
    { ...job.input, source: await localSource(job, storage) },
    {
      workDir: job.workDir,
      outDir: job.outDir,
      config: job.config,
      signal,
      log,
      maxWindowSeconds: job.maxWindowSeconds,
      onProgress: ({ step, fraction }) => report(step, fraction),
      ...(storage.shared
        ? {
            publishShort: (short) => publishShort(storage, job.requestId, short),
            sharedCheckpoints: { storage, prefix: requestWorkPrefix(job.requestId) },
          }
        : {}),
    },
  );
  return { kind: 'completed', result: toRequestResult(result, job.input.start ?? 0, job.requestId) };
}

/** The job's source as ingest reads it: an upload in storage becomes a local file (a download, for a bucket). */
async function localSource(job: ClipJobSpec, storage: Storage): Promise<string> {
  const key = storedSourceKey(job.input.source);
  return key ? storage.localFile(key, path.join(job.workDir, 'upload-source')) : job.input.source;
}

/** Puts a rendered short's files where every host serves them from. */
async function publishShort(storage: Storage, requestId: string, short: RenderedShort): Promise<void> {
  for (const file of [short.videoPath, short.thumbnailPath, short.srtPath, short.vttPath])
    await storage.putFile(`${requestFilesPrefix(requestId)}${path.basename(file)}`, file);
}

async function run(job: JobSpec): Promise<void> {
  const controller = new AbortController();
  current = controller;
  const outcome = await outcomeOf(job, controller.signal);
  await allChildrenExited();
  current = undefined;
  send({ type: 'outcome', outcome });
}

process.on('message', (message: ToJobProcess) => {
  if (message.type === 'run') void run(message.job);
  else if (message.type === 'abort') current?.abort(new CancelledError());
});

// the worker is gone (it exited, or was killed before the parent-death signal was armed): stop everything
process.on('disconnect', () => {
  current?.abort(new CancelledError());
  void allChildrenExited().then(() => process.exit(0));
});

// Ctrl-C reaches the whole foreground process group; the worker decides what happens to the job (it hands it
// back on shutdown), so the job process does not die of it first.
process.on('SIGINT', () => undefined);
