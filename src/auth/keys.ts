import crypto, { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

// API keys, request ids and webhook secrets.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const DEFAULT_KEY_PREFIX = 'sk_ssemble_';

export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

// crypto.hash (Node 20.12+) skips making a Hash object: a third of the cost of hashing a key on every request
const sha256Hex: (text: string) => string =
  typeof (crypto as Partial<typeof crypto>).hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => createHash('sha256').update(text).digest('hex');

export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/** A new key: shown once; only its hash is stored. */
export function generateApiKey(prefix = DEFAULT_KEY_PREFIX): {
  key: string;
  hash: string;
  displayPrefix: string;
} {
  const key = `${prefix}${randomBase62(40)}`;
  return { key, hash: hashApiKey(key), displayPrefix: `${key.slice(0, prefix.length + 4)}…` };
}

export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The key of a request: X-API-Key first, then Authorization: Bearer. */
export function extractApiKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers['x-api-key'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct?.trim()) return direct.trim();
  const authorization = headers.authorization;
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return bearer?.[1];
}

/** 24 lowercase hex characters: a 4-byte seconds timestamp then 8 random bytes, like a MongoDB ObjectId. */
export function newObjectId(now = Date.now()): string {
  const time = Buffer.alloc(4);
  time.writeUInt32BE(Math.floor(now / 1000));
  return Buffer.concat([time, randomBytes(8)]).toString('hex');
}

export function isObjectId(value: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(value);
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}
