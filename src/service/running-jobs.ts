// The jobs running in this process, so that a cancel or delete handled here can stop its job and wait until
// the job's tools are dead and its files removed before it answers. Jobs running in other processes notice
// at their next lease renewal and clean up after themselves.

export class RunningJobs {
  private readonly stops = new Map<string, () => Promise<void>>();

  /** Registers how to stop the job of `requestId`; returns the function that unregisters it. */
  register(requestId: string, stop: () => Promise<void>): () => void {
    this.stops.set(requestId, stop);
    return () => {
      if (this.stops.get(requestId) === stop) this.stops.delete(requestId);
    };
  }

  /** Stops the job of `requestId` if it runs here, and resolves once it has cleaned up. */
  async stop(requestId: string): Promise<void> {
    await this.stops.get(requestId)?.();
  }
}
