import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { keepNativeRuntimeOffline, type OnnxRuntimeSetting } from '../onnx-runtime.ts';
import { KEEP_IDLE_MS, startThread, threadStarted, type StartReport } from '../threads.ts';

// The active-speaker model's windows are scored on threads of their own, two at a time on two cores: either ONNX
// runtime (onnx-runtime.ts) runs one graph at a time on one thread here, so two threads halve the wall time for the
// same CPU. (The runtime's own intra-op threads cost a quarter more CPU for this model as they spin between
// operators, and the voice-activity model would share them, at twice its CPU.) Each thread holds a runtime of its
// own, about 240 MB once the model has run on WebAssembly, so the threads stop when no short has needed them for a
// while.

/** One window's input: its MFCC rows (4 per frame, 13 wide) and its grey crops (112×112 per frame). */
export interface ModelWindow {
  audio: Float32Array;
  video: Float32Array;
  frames: number;
}

/** What a scoring thread is started with: the model, and the ONNX runtime setting it loads the model on. */
export interface ThreadSetup {
  modelPath: string;
  runtime: OnnxRuntimeSetting;
}

/** What a scoring thread says: it is ready, a window's scores (one per frame), or a failure. */
export type ThreadMessage = StartReport | { kind: 'scores'; scores: Float32Array };

const THREAD_COUNT = Math.min(2, os.availableParallelism());

interface Job {
  /** the window's input, made when a thread takes the job (so waiting windows hold no memory) */
  make: () => ModelWindow;
  resolve: (scores: Float32Array) => void;
  reject: (error: Error) => void;
}

class ThreadPool {
  private readonly queue: Job[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private failure: Error | undefined;

  private constructor(private readonly threads: Worker[]) {}

  /** The threads, each with the model loaded; rejects with the first thread's failure to load it. */
  static async start(setup: ThreadSetup): Promise<ThreadPool> {
    keepNativeRuntimeOffline();
    const threads = Array.from({ length: THREAD_COUNT }, () =>
      startThread(import.meta.url, './lr-asd-thread', setup),
    );
    const pool = new ThreadPool(threads);
    try {
      await Promise.all(threads.map((thread) => pool.ready(thread)));
    } catch (error) {
      await pool.stop();
      throw error;
    }
    return pool;
  }

  private async ready(thread: Worker): Promise<void> {
    await threadStarted(
      thread,
      (reason) => new Error(`The active-speaker model's scoring thread did not start: ${reason}`),
    );
    thread.on('message', (answer: ThreadMessage) => this.answered(thread, answer));
    thread.on('error', (error) => this.fail(error));
    this.idle.push(thread);
    // an idle thread does not keep the process alive; one scoring a window does
    thread.unref();
  }

  score(make: () => ModelWindow): Promise<Float32Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ make, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const job = this.queue.shift()!;
      let window: ModelWindow;
      try {
        window = job.make();
      } catch (error) {
        job.reject(error as Error);
        continue;
      }
      const thread = this.idle.pop()!;
      this.busy.set(thread, job);
      thread.ref();
      thread.postMessage(window, [window.audio.buffer as ArrayBuffer, window.video.buffer as ArrayBuffer]);
    }
  }

  private answered(thread: Worker, answer: ThreadMessage): void {
    const job = this.busy.get(thread);
    this.busy.delete(thread);
    this.idle.push(thread);
    thread.unref();
    if (answer.kind === 'scores') job?.resolve(answer.scores);
    if (answer.kind === 'failed')
      job?.reject(new Error(`The active-speaker model failed: ${answer.message}`));
    this.dispatch();
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** A thread died: every window waiting or being scored fails with it, and so does every later one. */
  private fail(error: Error): void {
    this.failure = error;
    for (const job of [...this.busy.values(), ...this.queue.splice(0)]) job.reject(error);
    this.busy.clear();
  }

  async stop(): Promise<void> {
    this.fail(new Error('The scoring threads have stopped'));
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}

/** A user's hold on the scoring threads. */
export interface ScoringThreads {
  score(make: () => ModelWindow): Promise<Float32Array>;
  /** lets the threads go: they stop once every user has let them go */
  release(): Promise<void>;
}

interface Running {
  pool: Promise<ThreadPool>;
  users: number;
  stopping?: NodeJS.Timeout;
}

/** The threads of each model and runtime setting, and how many users hold them. */
const running = new Map<string, Running>();

const startRunning = (key: string, setup: ThreadSetup): Running => {
  const entry: Running = { pool: ThreadPool.start(setup), users: 0 };
  running.set(key, entry);
  return entry;
};

/**
 * The scoring threads of a model, started for their first user; they stop a while after the last user has let
 * them go, or at once when one of them has failed.
 */
export async function useScoringThreads(setup: ThreadSetup): Promise<ScoringThreads> {
  const key = `${setup.runtime} ${setup.modelPath}`;
  const mine = running.get(key) ?? startRunning(key, setup);
  clearTimeout(mine.stopping);
  mine.users++;
  const forget = () => {
    if (running.get(key) === mine) running.delete(key);
  };
  let pool: ThreadPool;
  try {
    pool = await mine.pool;
  } catch (error) {
    forget();
    throw error;
  }
  if (pool.broken) {
    mine.users--;
    forget();
    return useScoringThreads(setup);
  }
  let released = false;
  return {
    score: (make) => pool.score(make),
    async release() {
      if (released) return;
      released = true;
      if (--mine.users > 0) return;
      if (pool.broken) {
        forget();
        return pool.stop();
      }
      mine.stopping = setTimeout(() => {
        forget();
        // nobody waits on an idle pool's stop: a failure of it must not become an unhandled rejection
        pool.stop().catch(() => undefined);
      }, KEEP_IDLE_MS).unref();
    },
  };
}
