import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AdminError, runAdminCommand, type AdminCommand } from '../../service/admin.ts';
import type { ServiceContext } from '../../service/context.ts';

// The local admin channel: loopback only, authenticated by a token file only the data dir's owner can read.

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerAdminRoutes(app: FastifyInstance, ctx: ServiceContext, token: string): void {
  app.post('/admin/command', async (request, reply) => {
    const given = Buffer.from(String(request.headers['x-admin-token'] ?? ''));
    const expected = Buffer.from(token);
    if (!LOOPBACK.has(request.ip) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply
        .status(403)
        .send({ error: { code: 'forbidden', message: 'Admin commands are local only', details: null } });
    }
    try {
      return { data: await runAdminCommand(ctx.accounts, request.body as AdminCommand) };
    } catch (error) {
      if (error instanceof AdminError)
        return reply
          .status(400)
          .send({ error: { code: 'invalid_request', message: error.message, details: null } });
      throw error;
    }
  });
}
