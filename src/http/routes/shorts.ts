import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isObjectId } from '../../auth/keys.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { ServiceContext } from '../../service/context.ts';
import { cancelRequest, deleteRequest } from '../../service/cancel-delete.ts';
import { createRequest } from '../../service/create-request.ts';
import { presentListItem, presentRequest, presentStatus } from '../../service/present.ts';
import { rerenderShort } from '../../service/rerender-short.ts';
import { TtlCache } from '../../service/ttl-cache.ts';
import { validate } from '../../service/validate.ts';
import { TERMINAL_STATUSES, type ClipRequest } from '../../store/requests.ts';
import { requireAccount } from '../account.ts';
import { ApiError, notFound } from '../errors.ts';
import { ListQuery } from '../../service/queries.ts';

function requestId(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isObjectId(id))
    throw new ApiError('invalid_request', 'Invalid request ID format', {
      fields: { id: 'must be 24 hex characters' },
    });
  return id.toLowerCase();
}

async function ownRequest(ctx: ServiceContext, request: FastifyRequest): Promise<ClipRequest> {
  const found = await ctx.requests.get(requestId(request), requireAccount(request).id);
  if (!found) throw notFound();
  return found;
}

/** Status polls hit a short-lived copy of the row; changes made by this process evict it at once. */
function statusReader(ctx: ServiceContext) {
  const cache = new TtlCache<ClipRequest>(500);
  ctx.changes.on('change', (id: string) => cache.delete(id));
  return async (request: FastifyRequest): Promise<ClipRequest> => {
    const id = requestId(request);
    const cached = cache.get(id);
    if (cached) {
      if (cached.accountId !== requireAccount(request).id) throw notFound();
      return cached;
    }
    const found = await ownRequest(ctx, request);
    cache.set(id, found);
    return found;
  };
}

export function registerShortsRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
  api.post('/shorts/create', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    const outcome = await createRequest(ctx, {
      account: requireAccount(request),
      body: request.body,
      idempotencyKey: typeof key === 'string' && key !== '' ? key : undefined,
      publicUrl: base(),
    });
    if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.status).send({ data: outcome.data });
  });

  const readStatus = statusReader(ctx);
  api.get('/shorts/:id/status', async (request) => {
    const found = await readStatus(request);
    return { data: presentStatus(found, requireAccount(request).email) };
  });

  api.get('/shorts/:id', async (request) => {
    const found = await ownRequest(ctx, request);
    const account = requireAccount(request);
    const deliveries = found.webhookUrl ? await ctx.webhooks.attemptsFor(found.id) : [];
    const rerendering = await ctx.shortRenders.activeFor(found.id);
    return {
      data: await presentRequest(
        found,
        { config: ctx.config, signingKey: ctx.signingKey, storage: ctx.storage, email: account.email },
        deliveries,
        new Set(rerendering.map((render) => render.shortId)),
      ),
    };
  });

  api.post('/shorts/:id/shorts/:shortId/render', async (request, reply) => {
    const id = requestId(request);
    const { shortId } = request.params as { shortId: string };
    if (!isObjectId(shortId))
      throw new ApiError('invalid_request', 'Invalid short ID format', {
        fields: { shortId: 'must be 24 hex characters' },
      });
    const data = await rerenderShort(ctx, {
      account: requireAccount(request),
      requestId: id,
      shortId,
      body: request.body,
    });
    return reply.status(202).send({ data });
  });

  api.get('/shorts', async (request) => {
    const query = validate(ListQuery, request.query, 'query');
    const account = requireAccount(request);
    const { requests, total } = await ctx.requests.list({ accountId: account.id, ...query });
    const totalPages = Math.max(1, Math.ceil(total / query.limit));
    if (query.page > totalPages) {
      throw InvalidInputError.of('page', `must be at most ${totalPages}`);
    }
    return {
      data: {
        requests: requests.map(presentListItem),
        pagination: { page: query.page, limit: query.limit, totalPages, totalCount: total },
      },
    };
  });

  api.post('/shorts/:id/cancel', async (request) => {
    const cancelled = await cancelRequest(ctx, await ownRequest(ctx, request));
    return { data: presentStatus(cancelled, requireAccount(request).email) };
  });

  api.delete('/shorts/:id', async (request) => {
    await deleteRequest(ctx, await ownRequest(ctx, request));
    return { data: { message: 'Request successfully deleted' } };
  });

  // open event streams hold their connections: each is ended when the server closes, or it would never stop
  const openStreams = new Set<() => void>();
  api.addHook('preClose', (done) => {
    for (const finish of openStreams) finish();
    done();
  });

  api.get('/shorts/:id/events', async (request, reply: FastifyReply) => {
    const found = await ownRequest(ctx, request);
    const email = requireAccount(request).email;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    let last = '';
    let closed = false;
    const send = (current: ClipRequest) => {
      const data = JSON.stringify(presentStatus(current, email));
      if (data === last) return;
      last = data;
      raw.write(`id: ${current.updatedAt}\nevent: status\ndata: ${data}\n\n`);
    };
    const finish = () => {
      if (closed) return;
      closed = true;
      openStreams.delete(finish);
      ctx.changes.off('change', onChange);
      clearInterval(poll);
      clearInterval(keepAlive);
      raw.end();
    };
    const refresh = async () => {
      if (closed) return;
      const current = await ctx.requests.get(found.id).catch(() => undefined);
      if (!current) {
        raw.write('event: deleted\ndata: {}\n\n');
        finish();
        return;
      }
      send(current);
      if (TERMINAL_STATUSES.includes(current.status)) finish();
    };
    const onChange = (id: string) => {
      if (id === found.id) void refresh();
    };
    ctx.changes.on('change', onChange);
    const poll = setInterval(() => void refresh(), 1000);
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    raw.on('close', finish);
    openStreams.add(finish);
    send(found);
    if (TERMINAL_STATUSES.includes(found.status)) finish();
  });
}
