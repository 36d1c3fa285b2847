// The jobs running in this process, so that a cancel or delete handled here can stop its job and wait until
// the job's tools are dead and its files removed before it answers. Jobs running in other processes notice
// at their next lease renewal and clean up after themselves.

export class RunningJobs {
  private readonly stops = new Map<string, Set<() => Promise<void>>>();

  /**
   * Registers how to stop a job of `requestId` (its clipping job, or a re-render of one of its shorts); returns
   * the function that unregisters it.
   */
  register(requestId: string, stop: () => Promise<void>): () => void {
    const stops = this.stops.get(requestId) ?? new Set();
    stops.add(stop);
    this.stops.set(requestId, stops);
    return () => {
      stops.delete(stop);
      if (stops.size === 0 && this.stops.get(requestId) === stops) this.stops.delete(requestId);
    };
  }

  /** Stops the jobs of `requestId` that run here, and resolves once they have cleaned up. */
  async stop(requestId: string): Promise<void> {
    await Promise.all([...(this.stops.get(requestId) ?? [])].map((stop) => stop()));
  }
}
