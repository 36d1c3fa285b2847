import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { extractApiKey, hashApiKey } from '../auth/keys.ts';
import { ClipforgeApi, wireRequest, type ApiTransport } from './client.ts';
import { createMcpServer } from './server.ts';

// The MCP streamable-HTTP transport on `serve`, at /mcp. The app's auth hook has already checked the caller's
// key; each session's tools call the API in-process (inject) with that same key, so auth, rate limits and errors
// are exactly the API's. Sessions live in this process: behind a load balancer, keep /mcp sticky on the
// Mcp-Session-Id header.

export const MCP_PATH = '/mcp';
const IDLE_MS = 30 * 60_000;
const MAX_SESSIONS_PER_KEY = 16;

/** The API of `app` itself, called in-process as the holder of `apiKey`. */
export function injectTransport(app: FastifyInstance, apiKey: string, prefix = '/api/v1'): ApiTransport {
  return async (request) => {
    const { target, headers, body } = wireRequest(request, apiKey);
    const response = await app.inject({
      method: request.method,
      url: `${prefix}${target}`,
      headers,
      payload: body as string | Readable | undefined,
      payloadAsStream: true,
      // aborting closes the response as a client hanging up would, so an SSE route stops on 'close'
      signal: request.signal,
    });
    return { status: response.statusCode, body: response.stream() };
  };
}

interface Session {
  transport: StreamableHTTPServerTransport;
  keyHash: string;
  lastSeen: number;
}

function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string) {
  return reply.code(status).send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export function registerMcpRoute(app: FastifyInstance): void {
  const sessions = new Map<string, Session>();

  const close = (id: string) => {
    const session = sessions.get(id);
    sessions.delete(id);
    void session?.transport.close();
  };

  const open = async (key: string, keyHash: string): Promise<Session> => {
    const mine = [...sessions].filter(([, session]) => session.keyHash === keyHash);
    if (mine.length >= MAX_SESSIONS_PER_KEY) {
      close(mine.sort(([, a], [, b]) => a.lastSeen - b.lastSeen)[0][0]);
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, session),
    });
    const session: Session = { transport, keyHash, lastSeen: Date.now() };
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const server = createMcpServer(new ClipforgeApi(injectTransport(app, key)), { uploads: false });
    await server.connect(transport);
    return session;
  };

  const sweeper = setInterval(() => {
    const cutoff = Date.now() - IDLE_MS;
    for (const [id, session] of sessions) if (session.lastSeen < cutoff) close(id);
  }, IDLE_MS / 6);
  sweeper.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    for (const id of [...sessions.keys()]) close(id);
  });

  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: MCP_PATH,
    handler: async (request, reply) => {
      const key = extractApiKey(request.headers) ?? '';
      const keyHash = hashApiKey(key);
      const sessionId = request.headers['mcp-session-id'];
      let session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (sessionId !== undefined && session?.keyHash !== keyHash) {
        return jsonRpcError(reply, 404, -32001, 'Session not found; start a new one with initialize');
      }
      if (!session) {
        if (request.method !== 'POST' || !isInitializeRequest(request.body)) {
          return jsonRpcError(reply, 400, -32000, 'No session: send an initialize request first');
        }
        session = await open(key, keyHash);
      }
      session.lastSeen = Date.now();
      reply.hijack();
      await session.transport.handleRequest(request.raw, reply.raw, request.body);
    },
  });
}
