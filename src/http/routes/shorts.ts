import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isObjectId, newObjectId } from '../../auth/keys.ts';
import { enqueueStatusWebhook } from '../../jobs/webhook-payload.ts';
import { assetOptionsRefusal } from '../../pipeline/overlays.ts';
import { assetsDir, unsupportedOptionReason } from '../../pipeline/run.ts';
import { clampWindow } from '../../pipeline/ingest/index.ts';
import { MAX_SOURCE_SECONDS } from '../../pipeline/ingest/window.ts';
import type { ServiceContext } from '../../service/context.ts';
import { presentRequest, presentStatus } from '../../service/present.ts';
import { resolveSource } from '../../service/sources.ts';
import { RequestsRepository, TERMINAL_STATUSES, type ClipRequest } from '../../store/requests.ts';
import { Allowlist, isPublicAddress } from '../../net/policy.ts';
import { requireAccount } from '../app.ts';
import { TtlCache } from '../../service/ttl-cache.ts';
import { ApiError, fromZodError, notFound } from '../errors.ts';
import { CreateBody, ListQuery, toClipOptions } from '../schemas.ts';

const DEMO_MAX_WINDOW = 120;

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

/** Removes the request's folders; a job of this process has stopped by now, one of another stops at its next lease renewal and removes what it wrote. */
async function removeFiles(ctx: ServiceContext, id: string): Promise<void> {
  await Promise.all(
    [path.join(ctx.filesDir, id), path.join(ctx.workDir, id)].map((dir) =>
      rm(dir, { recursive: true, force: true }),
    ),
  );
}

/** Cancels a queued or running request and queues its webhook in one transaction; undefined if it had ended. */
function cancelRequest(ctx: ServiceContext, found: ClipRequest): Promise<ClipRequest | undefined> {
  return ctx.db.transaction(async (tx) => {
    const cancelled = await new RequestsRepository(tx).cancel(found.id, found.accountId);
    if (cancelled) await enqueueStatusWebhook(ctx, cancelled, tx);
    return cancelled;
  });
}

export function registerShortsRoutes(api: FastifyInstance, ctx: ServiceContext, base: () => string): void {
  api.post('/shorts/create', async (request, reply) => {
    const account = requireAccount(request);
    const idempotencyKey = request.headers['idempotency-key'];
    const bodyHash = createHash('sha256')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    if (typeof idempotencyKey === 'string' && idempotencyKey) {
      const { rows } = await ctx.db.query<{ body_hash: string; status: number; response: unknown }>(
        `SELECT body_hash, status, response FROM idempotency_keys
         WHERE account_id = $1 AND key = $2 AND created_at > now() - interval '24 hours'`,
        [account.id, idempotencyKey],
      );
      if (rows[0]) {
        if (rows[0].body_hash !== bodyHash) {
          throw new ApiError('conflict', 'This Idempotency-Key was used with a different body');
        }
        const stored = typeof rows[0].response === 'string' ? JSON.parse(rows[0].response) : rows[0].response;
        return reply.status(rows[0].status).header('Idempotent-Replayed', 'true').send(stored);
      }
    }
    const parsed = CreateBody.safeParse(request.body ?? {});
    if (!parsed.success) throw fromZodError(parsed.error);
    const body = parsed.data;
    const options = toClipOptions(body);
    const refusal = unsupportedOptionReason(options, ctx.config);
    if (refusal) {
      const field = refusal.startsWith('Unknown templateId') ? 'templateId' : 'captionLanguage';
      throw new ApiError('invalid_request', `${field}: ${refusal}`, { fields: { [field]: refusal } });
    }
    const assetRefusal = await assetOptionsRefusal(options, assetsDir(ctx.config), ctx.tools);
    if (assetRefusal) {
      throw new ApiError('invalid_request', `${assetRefusal.field}: ${assetRefusal.message}`, {
        fields: { [assetRefusal.field]: assetRefusal.message },
      });
    }
    if (account.demo && body.end - body.start > DEMO_MAX_WINDOW) {
      throw new ApiError('invalid_request', `end: demo accounts may clip at most ${DEMO_MAX_WINDOW} s`, {
        fields: { end: `demo window is at most ${DEMO_MAX_WINDOW} s` },
      });
    }
    const source = await resolveSource(body, {
      publicUrl: base(),
      uploadsDir: ctx.uploadsDir,
      allowlist: ctx.config.networkAllowlist,
      ytDlpPath: ctx.config.ytDlpPath,
      ffprobePath: ctx.config.ffprobePath,
    });
    if (source.duration > MAX_SOURCE_SECONDS) {
      throw new ApiError(
        'video_too_long',
        `The video is ${Math.round(source.duration)} s long; at most 18,000 s is allowed`,
      );
    }
    let window;
    try {
      window = clampWindow(body.start, body.end, source.duration);
    } catch (error) {
      throw new ApiError('invalid_request', `start: ${(error as Error).message}`, {
        fields: { start: (error as Error).message },
      });
    }
    if (body.webhookUrl) {
      // the network policy is checked again at each delivery; refuse obvious private targets now
      const { hostname } = new URL(body.webhookUrl);
      const literal = hostname.replace(/^\[|\]$/g, '');
      if (
        /^[\d.:a-f]+$/i.test(literal) &&
        !isPublicAddress(literal) &&
        !new Allowlist(ctx.config.networkAllowlist).has(literal)
      ) {
        throw new ApiError(
          'url_validation_failed',
          `webhookUrl points to a non-public address (${literal}), which is refused`,
          { field: 'webhookUrl' },
        );
      }
    }
    const credits = account.demo ? 0 : 1;
    const created = await ctx.db.transaction(async (tx) => {
      if (credits > 0) {
        const { rows } = await tx.query(
          'UPDATE accounts SET credits = credits - 1 WHERE id = $1 AND credits > 0 RETURNING id',
          [account.id],
        );
        if (rows.length === 0) throw new ApiError('insufficient_credits', 'The account has no credits left');
      }
      return new RequestsRepository(tx).create({
        id: newObjectId(),
        accountId: account.id,
        isDemo: account.demo,
        source: source.source,
        sourceKind: source.kind,
        url: body.url ?? body.fileUrl ?? null,
        start: window.start,
        end: window.end,
        options,
        timeAdjustment: window.adjustment ?? null,
        webhookUrl: body.webhookUrl ?? null,
        creditsUsed: credits,
      });
    });
    ctx.changes.emit('change', created.id);
    const estimated = new Date(Date.now() + Math.max(60, (window.end - window.start) * 0.6) * 1000);
    const response = {
      data: {
        requestId: created.id,
        status: 'queued',
        creditsUsed: credits,
        estimatedCompletionTime: estimated.toISOString(),
        ...(window.adjustment ? { timeAdjustment: window.adjustment } : {}),
        statusUrl: `${base()}/api/v1/shorts/${created.id}/status`,
        eventsUrl: `${base()}/api/v1/shorts/${created.id}/events`,
      },
    };
    if (typeof idempotencyKey === 'string' && idempotencyKey) {
      await ctx.db.query(
        `INSERT INTO idempotency_keys (account_id, key, body_hash, status, response) VALUES ($1, $2, $3, 201, $4)
         ON CONFLICT (account_id, key) DO UPDATE SET body_hash = $3, status = 201, response = $4, created_at = now()`,
        [account.id, idempotencyKey, bodyHash, JSON.stringify(response)],
      );
    }
    return reply.status(201).send(response);
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
    return {
      data: presentRequest(
        found,
        { config: ctx.config, signingKey: ctx.signingKey, email: account.email },
        deliveries,
      ),
    };
  });

  api.get('/shorts', async (request) => {
    const parsed = ListQuery.safeParse(request.query ?? {});
    if (!parsed.success) throw fromZodError(parsed.error, 'query');
    const query = parsed.data;
    const account = requireAccount(request);
    const { requests, total } = await ctx.requests.list({ accountId: account.id, ...query });
    const totalPages = Math.max(1, Math.ceil(total / query.limit));
    if (query.page > totalPages) {
      throw new ApiError('invalid_request', `page: must be at most ${totalPages}`, {
        fields: { page: `must be at most ${totalPages}` },
      });
    }
    return {
      data: {
        requests: requests.map((r) => ({
          requestId: r.id,
          status: r.status,
          progress: r.progress,
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
          url: r.url,
          duration: Math.round((r.end - r.start) * 1000) / 1000,
        })),
        pagination: { page: query.page, limit: query.limit, totalPages, totalCount: total },
      },
    };
  });

  api.post('/shorts/:id/cancel', async (request) => {
    const found = await ownRequest(ctx, request);
    if (TERMINAL_STATUSES.includes(found.status)) {
      throw new ApiError('conflict', `The request is already ${found.status}`);
    }
    const cancelled = await cancelRequest(ctx, found);
    if (!cancelled) throw new ApiError('conflict', 'The request has already finished');
    ctx.changes.emit('change', found.id);
    await ctx.jobs.stop(found.id);
    await removeFiles(ctx, found.id);
    return { data: presentStatus(cancelled, requireAccount(request).email) };
  });

  api.delete('/shorts/:id', async (request) => {
    const found = await ownRequest(ctx, request);
    await cancelRequest(ctx, found);
    await ctx.jobs.stop(found.id);
    await ctx.requests.delete(found.id, found.accountId);
    await removeFiles(ctx, found.id);
    if (found.sourceKind === 'upload') await rm(found.source, { force: true });
    ctx.changes.emit('change', found.id);
    return { data: { message: 'Request successfully deleted' } };
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
    send(found);
    if (TERMINAL_STATUSES.includes(found.status)) finish();
  });
}
