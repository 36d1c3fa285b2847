// Work over a list, a few items at a time.

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
