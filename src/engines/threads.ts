import { Worker } from 'node:worker_threads';

// How an engine starts a thread of its own (the active-speaker model's scoring threads, the face detector's
// thread) and learns whether its model loaded there.

/** What a thread says first: it is ready, or why it could not load what it runs. */
export type StartReport = { kind: 'ready' } | { kind: 'failed'; message: string };

/**
 * How long an idle thread waits for another short before it stops: the shorts of a job keep it, rather than
 * loading its runtime again for each (about 1.5 s of CPU for a scoring thread, 0.3 s for the face detector's).
 */
export const KEEP_IDLE_MS = 30_000;

/**
 * A thread running `entry` (a module beside `caller`, an import.meta.url, named without its extension): the
 * compiled .js as it is, or — running from sources — the .ts through tsx, registered in the thread first (a
 * thread does not take up the --import hooks of its process).
 */
export function startThread(caller: string, entry: string, workerData: unknown): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const module = new URL(`${entry}.${fromSources ? 'ts' : 'js'}`, caller);
  if (!fromSources) return new Worker(module, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(
    `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`,
    { eval: true, workerData },
  );
}

/**
 * Settles on the thread's first word: resolves when it is ready, rejects with its own account of a failure (its
 * model could not be loaded, and why), or with `notStarted(reason)` when it broke before saying anything.
 */
export function threadStarted(thread: Worker, notStarted: (reason: string) => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const errored = (error: Error) => settle(() => reject(notStarted(error.message)));
    const exited = (code: number) => settle(() => reject(notStarted(`it exited (code ${code})`)));
    const reported = (report: StartReport) =>
      settle(() => (report.kind === 'ready' ? resolve() : reject(new Error(report.message))));
    const settle = (outcome: () => void) => {
      thread.off('error', errored).off('exit', exited).off('message', reported);
      outcome();
    };
    thread.once('error', errored).once('exit', exited).once('message', reported);
  });
}
