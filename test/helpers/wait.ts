/**
 * Polls `check` until it gives a value, or throws after `timeoutMs` with `context()` (e.g. a server's recent log)
 * in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const { timeoutMs = 180_000, intervalMs = 250, context = () => '' } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}\n${context()}`);
}
