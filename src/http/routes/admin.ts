import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AdminCommand, runAdminCommand } from '../../service/admin.ts';
import type { ServiceContext } from '../../service/context.ts';
import { validate } from '../../service/validate.ts';
import { ApiError } from '../errors.ts';

// The local admin channel: loopback only, authenticated by a token file only the data dir's owner can read.
// Keys and accounts changed through it take effect at once in this process: `onChange` clears what it caches.

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerAdminRoutes(
  app: FastifyInstance,
  ctx: ServiceContext,
  token: string,
  onChange: () => void,
): void {
  app.post('/admin/command', async (request) => {
    if (!LOOPBACK.has(request.ip))
      throw new ApiError('resource_not_found', 'No route for POST /admin/command');
    const given = Buffer.from(String(request.headers['x-admin-token'] ?? ''));
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ApiError('invalid_api_key', 'Admin commands need the admin token of this data dir');
    const command = validate(AdminCommand, request.body, 'body');
    try {
      return { data: await runAdminCommand(ctx.accounts, command) };
    } finally {
      onChange();
    }
  });
}
