import type { Worker } from 'node:worker_threads';
import { KEEP_IDLE_MS, startThread, threadStarted, type StartReport } from '../threads.ts';
import type { FaceBox, FaceDetector, RgbFrame } from './detector.ts';

// BlazeFace (human-model.ts) runs on one thread of its own, shared by every detector: its WASM runtime runs one
// graph at a time wherever it is, and off the main thread a detection no longer stops the main thread from
// reading the decoder's next frames, so decoding overlaps detection. The thread holds the model and its runtime,
// so it stops when no detection has come for a while and starts again for the next one.

/** What the detection thread says: it is ready, a frame's faces, or a failure. */
export type ThreadMessage = StartReport | { kind: 'faces'; faces: FaceBox[] };

interface Pending {
  resolve: (faces: FaceBox[]) => void;
  reject: (error: Error) => void;
}

/**
 * The frame's bytes copied into an ArrayBuffer of their own, moved to the thread: the caller keeps its frame
 * (framing's sampler compares a looked-at frame's pixels with the next one's), and a small Buffer may be a view
 * of Node's shared pool anyway. A copy of a frame costs far less than detecting it.
 */
const movableBytes = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);

class DetectionThread {
  /** the detections sent, in order: the thread answers them in that order */
  private readonly pending: Pending[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  /** it stopped, idle, or died: it takes no more frames */
  stopped = false;
  /** why it died, failing every detection sent to it */
  died: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: ThreadMessage) => this.answered(answer));
    worker.on('error', (error) => this.die(`crashed: ${error.message}`));
    worker.on('exit', (code) => this.die(`exited (code ${code})`));
    this.idle();
  }

  /** The thread, with the model loaded; rejects with the thread's failure to load it. */
  static async start(): Promise<DetectionThread> {
    const worker = startThread(import.meta.url, './human-thread', undefined);
    try {
      await threadStarted(worker, (reason) => new Error(`the detection thread did not start: ${reason}`));
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new DetectionThread(worker);
  }

  /** Moves a copy of the frame's bytes to the thread. */
  detect(frame: RgbFrame): Promise<FaceBox[]> {
    const data = movableBytes(frame.data);
    return new Promise((resolve, reject) => {
      this.worker.postMessage({ width: frame.width, height: frame.height, data }, [data.buffer]);
      this.pending.push({ resolve, reject });
      clearTimeout(this.idleTimer);
      // a thread detecting keeps the process alive; an idle one does not
      this.worker.ref();
    });
  }

  private answered(answer: ThreadMessage): void {
    const detection = this.pending.shift();
    if (answer.kind === 'faces') detection?.resolve(answer.faces);
    if (answer.kind === 'failed') detection?.reject(new Error(`Face detection failed: ${answer.message}`));
    if (this.pending.length === 0) this.idle();
  }

  private idle(): void {
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      this.stopped = true;
      // nobody waits on an idle thread's end: a failure of it must not become an unhandled rejection
      this.worker.terminate().catch(() => undefined);
    }, KEEP_IDLE_MS).unref();
  }

  /** The thread ended unasked: every detection waiting for it fails, and so does every later one. */
  private die(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.died = new Error(`Face detection failed: its thread ${reason}`);
    clearTimeout(this.idleTimer);
    for (const detection of this.pending.splice(0)) detection.reject(this.died);
  }

  /** Ends the thread as a crash would. */
  crash(): Promise<number> {
    return this.worker.terminate();
  }
}

let shared: Promise<DetectionThread> | undefined;

/** The shared thread; started when none runs (at first, or after the last one stopped or died). */
async function runningThread(): Promise<DetectionThread> {
  const starting = (shared ??= DetectionThread.start());
  let thread: DetectionThread;
  try {
    thread = await starting;
  } catch (error) {
    if (shared === starting) shared = undefined;
    throw new Error(
      `Face detection is unavailable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!thread.stopped) return thread;
  if (shared === starting) shared = undefined;
  return runningThread();
}

/**
 * A detector on the shared thread, which it starts if none runs: it rejects when the model cannot be loaded. Once
 * its thread has died, the detector fails every detection; after the thread stopped idle, it starts one again.
 */
export async function createHumanFaceDetector(): Promise<FaceDetector> {
  let thread = await runningThread();
  return {
    async detect(frame: RgbFrame): Promise<FaceBox[]> {
      if (thread.died) throw thread.died;
      if (thread.stopped) thread = await runningThread();
      return thread.detect(frame);
    },
  };
}

/**
 * Starts the shared thread ahead of the first detector, so that loading the model overlaps other work. A failure
 * is left for that detector to report.
 */
export function startFaceDetection(): void {
  runningThread().catch(() => undefined);
}

/** Ends the shared thread as a crash would: for tests of what its detectors do then. */
export async function crashDetectionThread(): Promise<void> {
  await (await shared)?.crash();
}
