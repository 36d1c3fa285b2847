import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../service/context.ts';
import type { Account } from '../../store/accounts.ts';
import { TIERS } from '../rate-limit.ts';
import { requireAccount } from '../account.ts';
import { buildOpenApiDocument, DOCS_PAGE } from '../openapi.ts';

// Health, metrics, the account, and the API's own description.

/** GET /account's data. */
export function presentAccount(account: Account, usage: { requests: number; active: number }) {
  return {
    email: account.email,
    credits: account.credits,
    isDemo: account.demo,
    tier: account.tier,
    limits: TIERS[account.tier] ?? TIERS.free,
    usage,
    webhookSecret: account.webhookSecret,
  };
}

export function registerSystemRoutes(api: FastifyInstance, ctx: ServiceContext): void {
  api.get('/healthz', async (_request, reply) => {
    try {
      await ctx.db.query('SELECT 1');
      return { data: { status: 'ok', database: ctx.db.kind } };
    } catch (error) {
      return reply.status(503).send({ data: { status: 'unavailable', reason: (error as Error).message } });
    }
  });

  api.get('/metrics', async (_request, reply) => {
    const { rows } = await ctx.db.query<{ status: string; count: string }>(
      'SELECT status, count(*) AS count FROM requests GROUP BY status',
    );
    const lines = [
      '# HELP clipforge_requests Requests by status.',
      '# TYPE clipforge_requests gauge',
      ...rows.map((row) => `clipforge_requests{status="${row.status}"} ${Number(row.count)}`),
      '# HELP clipforge_process_resident_memory_bytes Resident memory of this process.',
      '# TYPE clipforge_process_resident_memory_bytes gauge',
      `clipforge_process_resident_memory_bytes ${process.memoryUsage().rss}`,
    ];
    return reply.header('content-type', 'text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });

  api.get('/account', async (request) => {
    const account = (await ctx.accounts.byId(requireAccount(request).id)) ?? requireAccount(request);
    const { rows } = await ctx.db.query<{ total: string; active: string }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('queued','processing')) AS active FROM requests WHERE account_id = $1`,
      [account.id],
    );
    return {
      data: presentAccount(account, { requests: Number(rows[0].total), active: Number(rows[0].active) }),
    };
  });

  api.get('/openapi.json', async () => buildOpenApiDocument());
  api.get('/docs', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').send(DOCS_PAGE),
  );
}
