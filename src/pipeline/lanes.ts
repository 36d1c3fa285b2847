import os from 'node:os';

// Work over a list, a few items at a time; how many shorts are made at once, and the threads each render gets.

/**
 * Runs `work` over `items`, at most `limit` at a time, and answers the results in item order. After a failure no
 * new item starts and `onFailure` is told (to stop the running ones); the first failure is thrown once every
 * running item has ended, so nothing is left running behind the caller.
 */
export async function mapInLanes<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onFailure?: (error: unknown) => void,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index], index);
      } catch (error) {
        if (!failure) {
          failure = { error };
          onFailure?.(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}

/** Past this many lanes, parallel renders only add memory: each encoder already uses several threads. */
const MAX_RENDER_LANES = 4;

/** Shorts in the making at once: each lane analyses its short's faces, then renders it, beside the other lanes. */
export function renderLanes(concurrency: number): number {
  return Math.max(1, Math.min(MAX_RENDER_LANES, concurrency));
}

/**
 * Threads a render gives its decoder and its filters: its lane's share of the cores. More threads than that only
 * make them wait on each other (a single-threaded decode and filtergraph of a 1080p talk cost about a tenth less
 * CPU than ffmpeg's own choice of a thread per core, at the same speed); the encoder keeps its own threads.
 */
export function renderThreads(concurrency: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / renderLanes(concurrency)));
}
