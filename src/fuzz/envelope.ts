import { ERROR_STATUS } from '../http/errors.ts';

// The error envelope of spec §1, checked exactly: `{ error: { code, message, details } }` and nothing else.

const CODES = new Set<string>(Object.keys(ERROR_STATUS));

/** Whether `body` is an error envelope with one of the spec's codes (and, if given, this code). */
export function isEnvelope(body: unknown, code?: string): boolean {
  if (!body || typeof body !== 'object' || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== 'object') return false;
  const fields = error as Record<string, unknown>;
  if (Object.keys(fields).sort().join() !== 'code,details,message') return false;
  if (typeof fields.code !== 'string' || !CODES.has(fields.code)) return false;
  if (typeof fields.message !== 'string' || !fields.message) return false;
  if (!(fields.details === null || typeof fields.details === 'object')) return false;
  return code === undefined || fields.code === code;
}
