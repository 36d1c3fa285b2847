import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../service/context.ts';
import { presentAccount } from '../../service/present.ts';
import { pingDatabase } from '../../store/database.ts';
import { TIERS } from '../rate-limit.ts';
import { requireAccount } from '../account.ts';
import { buildOpenApiDocument, DOCS_PAGE } from '../openapi.ts';

// Health, metrics, the account, and the API's own description.

export function registerSystemRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  api.get('/healthz', async (_request, reply) => {
    try {
      await pingDatabase(ctx.db);
      return { data: { status: 'ok', database: ctx.db.kind } };
    } catch (error) {
      return reply.status(503).send({ data: { status: 'unavailable', reason: (error as Error).message } });
    }
  });

  api.get('/metrics', async (_request, reply) => {
    const counts = await ctx.requests.countByStatus();
    const lines = [
      '# HELP clipforge_requests Requests by status.',
      '# TYPE clipforge_requests gauge',
      ...counts.map(({ status, count }) => `clipforge_requests{status="${status}"} ${count}`),
      '# HELP clipforge_process_resident_memory_bytes Resident memory of this process.',
      '# TYPE clipforge_process_resident_memory_bytes gauge',
      `clipforge_process_resident_memory_bytes ${process.memoryUsage().rss}`,
    ];
    return reply.header('content-type', 'text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });

  api.get('/account', async (request) => {
    const account = (await ctx.accounts.byId(requireAccount(request).id)) ?? requireAccount(request);
    return {
      data: presentAccount(
        account,
        await ctx.requests.usageOf(account.id),
        TIERS[account.tier] ?? TIERS.free,
      ),
    };
  });

  api.get('/openapi.json', async () => buildOpenApiDocument());
  api.get('/docs', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').send(DOCS_PAGE),
  );
}
