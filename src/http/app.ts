import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../config.ts';
import { extractApiKey } from '../auth/keys.ts';
import type { ServiceContext } from '../service/context.ts';
import { Authenticator } from '../service/authenticator.ts';
import { registerBodyParsers } from './body.ts';
import { ApiError, clientErrorHandler, frameworkErrors, registerErrorHandling } from './errors.ts';
import { checkRateLimit, poolFor } from './rate-limit.ts';
import { registerShortsRoutes } from './routes/shorts.ts';
import { registerCatalogueRoutes } from './routes/catalogues.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { MCP_PATH, registerMcpRoute } from '../mcp/http.ts';
import { DASHBOARD_ROUTES, registerDashboard } from './dashboard.ts';

// The HTTP API: built by a function, so tests can run it in-process with inject() or on a real port.

export interface AppOptions {
  ctx: ServiceContext;
  logger?: boolean;
  bodyLimit?: number;
  uploadLimit?: number;
  /** enables the local admin channel */
  adminToken?: string;
}

const PUBLIC_ROUTES = [
  /^\/api\/v1\/(healthz|metrics|openapi\.json|docs)$/,
  /^\/api\/v1\/files\//,
  /^\/admin\//,
  DASHBOARD_ROUTES,
];

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: 'warn' } : false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Node's parser caps a request head at 16 KB, so no path segment is cut short: each route judges its own
    routerOptions: { maxParamLength: 16 * 1024 },
    frameworkErrors,
    clientErrorHandler,
    // Node would answer a missing Host with a bare 400; the hook below answers it with the envelope
    http: { requireHostHeader: false },
  });
  const { ctx } = options;
  registerErrorHandling(app);
  registerBodyParsers(app);
  const auth = new Authenticator(ctx.accounts, {
    onError: (error) => app.log.warn({ err: error }, 'could not record when a key was last used'),
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.raw.httpVersion === '1.1' && !request.headers.host)
      throw new ApiError('invalid_request', 'An HTTP/1.1 request needs a Host header');
    const path = request.url.split('?')[0];
    if (PUBLIC_ROUTES.some((pattern) => pattern.test(path))) return;
    const key = extractApiKey(request.headers);
    if (!key)
      throw new ApiError('missing_api_key', 'An API key is required in X-API-Key or Authorization: Bearer');
    const identity = await auth.authenticate(key);
    if (!identity) throw new ApiError('invalid_api_key', 'The API key is not valid');
    request.account = identity.account;
    request.keyId = identity.keyId;
    // each MCP tool call is counted as the API request it makes, so /mcp itself is not
    if (path === MCP_PATH) return;
    const route = request.routeOptions.url ?? path;
    const decision = await checkRateLimit(
      ctx.counters,
      { keyId: identity.keyId, accountId: identity.account.id, tier: identity.account.tier },
      poolFor(request.method, route),
      Date.now(),
      ctx.config.rateLimitScale,
    );
    void reply.headers(decision.headers);
    if (!decision.allowed) {
      throw new ApiError(
        'rate_limit_exceeded',
        `Rate limit exceeded; retry in ${decision.retryAfterSeconds} s`,
        { retryAfter: decision.retryAfterSeconds },
        decision.headers,
      );
    }
    if (!identity.account.enabled) {
      throw new ApiError('subscription_required', 'This account is disabled; contact the operator');
    }
  });

  if (options.adminToken) registerAdminRoutes(app, ctx, options.adminToken, () => auth.forgetAll());
  // read at request time: with --port 0 the port is known only once the server listens
  const base = () => publicBaseUrl(ctx.config);
  await app.register(
    async (api) => {
      registerShortsRoutes(api, ctx, base);
      registerCatalogueRoutes(api, ctx, base);
      registerFileRoutes(api, ctx, base, options.uploadLimit ?? 8 * 1024 ** 3);
      registerSystemRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  registerMcpRoute(app);
  registerDashboard(app, { downloadOrigin: () => new URL(base()).origin });
  return app;
}
