/**
 * How long an e2e test waits for a job, a delivery or a process before calling it hung. Not a speed bound (the
 * benches measure speed): a 2-core CI machine busy with other work renders many times slower than a quiet one.
 */
export const JOB_DEADLINE_MS = 600_000;

/**
 * Polls `check` until it gives a value, or throws after `timeoutMs` with `context()` (e.g. a server's recent log)
 * in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const { timeoutMs = JOB_DEADLINE_MS, intervalMs = 250, context = () => '' } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}\n${context()}`);
}
