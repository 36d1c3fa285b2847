import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { closeWithGrace } from './close.ts';

describe('closing the server', () => {
  it('cuts a download whose client stopped reading once the grace period is over', async () => {
    const app = Fastify();
    // an endless body: the response ends only when its connection is cut
    app.get('/endless', (_request, reply) =>
      reply.send(
        new Readable({
          read() {
            this.push(Buffer.alloc(64 * 1024));
          },
        }),
      ),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const stalled = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: '/endless' }, resolve),
    );
    stalled.pause();

    // without the cut, this never returns: the response never ends
    await closeWithGrace(app, 50);

    expect(stalled.complete).toBe(false);
    stalled.destroy();
  });
});
