import { createHmac, timingSafeEqual } from 'node:crypto';

// Expiring download URLs: /api/v1/files/<path>?expires=<unix seconds>&sig=<hex HMAC of path and expiry>.

export const DEFAULT_URL_TTL_SECONDS = 7 * 24 * 3600;

function signature(relativePath: string, expires: number, key: string): string {
  return createHmac('sha256', key).update(`${relativePath}\n${expires}`).digest('hex');
}

export function signFileUrl(baseUrl: string, relativePath: string, key: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const encoded = relativePath.split('/').map(encodeURIComponent).join('/');
  return `${baseUrl}/api/v1/files/${encoded}?expires=${expires}&sig=${signature(relativePath, expires, key)}`;
}

export function verifyFileSignature(
  relativePath: string,
  expires: string | undefined,
  sig: string | undefined,
  key: string,
  now = Date.now(),
): 'ok' | 'expired' | 'invalid' {
  if (!expires || !sig || !/^\d+$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
  if (relativePath.split('/').some((part) => part === '..' || part === '')) return 'invalid';
  const expected = Buffer.from(signature(relativePath, Number(expires), key), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
  return Number(expires) * 1000 < now ? 'expired' : 'ok';
}
