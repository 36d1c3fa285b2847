import { createHmac, timingSafeEqual } from 'node:crypto';

// Standard Webhooks signatures: v1,base64(HMAC-SHA256(secret, "id.timestamp.body")), secret = base64 after whsec_.

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secretBytes(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.id, timestamp, body).slice(3), 'base64');
  return headers.signature.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Seconds to wait before each attempt: at once, then about 5 s, 30 s, 2 min, 10 min, 1 h, 6 h. */
export const RETRY_DELAYS_SECONDS = [0, 5, 30, 120, 600, 3600, 21600];

export function nextAttemptDelay(attemptsMade: number): number | undefined {
  return RETRY_DELAYS_SECONDS[attemptsMade];
}
