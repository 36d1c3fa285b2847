import type { FastifyRequest } from 'fastify';
import type { Account } from '../store/accounts.ts';
import { ApiError } from './errors.ts';

// The caller a request is made for: the app's auth hook (src/http/app.ts) sets it, the routes read it.

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
    keyId?: string;
  }
}

export function requireAccount(request: FastifyRequest): Account {
  if (!request.account) throw new ApiError('missing_api_key', 'An API key is required');
  return request.account;
}
