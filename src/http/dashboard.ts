import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { packageFile } from '../package-files.ts';
import { notFound } from './errors.ts';

// The web dashboard: the static files `npm run build:web` makes, served at `/` with a strict Content-Security-Policy.

export const DASHBOARD_DIR = packageFile('web', 'dist');

/** The paths the dashboard serves without an API key. */
export const DASHBOARD_ROUTES = /^\/(assets\/[^?]*|favicon\.svg)?$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const MISSING_DASHBOARD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ClipForge</title></head>
<body><h1>The ClipForge dashboard is not built</h1>
<p>Build it with <code>npm run build:web</code> (or <code>npm run build</code>) and restart <code>clipforge serve</code>.
The API is at <a href="/api/v1/docs">/api/v1/docs</a>.</p></body></html>
`;

export const dashboardBuilt = (dir = DASHBOARD_DIR) => existsSync(path.join(dir, 'index.html'));

/** The page's policy: its own scripts and styles only, media and images also from the download origin. */
export function contentSecurityPolicy(downloadOrigin: string): string {
  const media = downloadOrigin === '' ? "'self'" : `'self' ${downloadOrigin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${media}`,
    `media-src ${media} blob:`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function registerDashboard(
  app: FastifyInstance,
  options: { dir?: string; downloadOrigin: () => string },
): void {
  const dir = options.dir ?? DASHBOARD_DIR;
  const send = async (reply: FastifyReply, relative: string, cache: string) => {
    const file = path.resolve(dir, relative);
    if (!file.startsWith(path.resolve(dir) + path.sep)) throw notFound();
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw notFound();
    return reply
      .header('content-type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('content-length', info.size)
      .header('cache-control', cache)
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(file));
  };

  app.get('/', async (_request, reply) => {
    void reply
      .header('content-security-policy', contentSecurityPolicy(options.downloadOrigin()))
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
    if (!dashboardBuilt(dir)) {
      return reply
        .status(503)
        .header('content-type', 'text/html; charset=utf-8')
        .send(MISSING_DASHBOARD_PAGE);
    }
    return send(reply, 'index.html', 'no-cache');
  });
  app.get('/favicon.svg', async (_request, reply) => send(reply, 'favicon.svg', 'public, max-age=86400'));
  // file names under assets/ carry their content hash
  app.get('/assets/*', async (request, reply) =>
    send(
      reply,
      path.join('assets', (request.params as { '*': string })['*']),
      'public, max-age=31536000, immutable',
    ),
  );
}
