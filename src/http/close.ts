import type { FastifyInstance } from 'fastify';

// Closing the server on shutdown: requests in flight get a grace period to finish, then their connections are
// cut. Fastify's close waits for every response to end, so one client that stops reading a download would
// otherwise hold `serve` open for ever after a SIGTERM.

/** How long a response in flight may take to finish once the server is closing. */
export const CLOSE_GRACE_MS = 10_000;

export async function closeWithGrace(app: FastifyInstance, graceMs = CLOSE_GRACE_MS): Promise<void> {
  const cut = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
