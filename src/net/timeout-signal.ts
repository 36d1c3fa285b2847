/**
 * A signal that aborts with a TimeoutError after `ms`, as `AbortSignal.timeout` does, but that its own timer holds
 * until then. `AbortSignal.timeout`'s timer holds its signal weakly, and Node 20's `AbortSignal.any` holds the
 * signals it combines weakly too: a timeout signal referenced by nothing but a combined signal can be
 * garbage-collected before it fires, and the combined signal then never aborts (nodejs/node#57736). So every
 * deadline combined with another signal is made here. The timer does not keep the process alive.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    ms,
  );
  timer.unref();
  return controller.signal;
}
