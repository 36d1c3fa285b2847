import { hashApiKey } from '../auth/keys.ts';
import type { Account, AccountsRepository } from '../store/accounts.ts';
import { TtlCache } from './ttl-cache.ts';

// Who a presented API key is. A key's account is read from the database at most once per TTL, counted from that
// read — never extended by use — so a revoked key or a disabled account takes effect on every process within the
// TTL, and at once on the process that made the change (it clears the cache). Each key's lastUsedAt is written at
// most once a minute per process, not on every request.

export interface Identity {
  keyId: string;
  account: Account;
}

export const IDENTITY_TTL_MS = 5000;
export const LAST_USED_EVERY_MS = 60_000;

export class Authenticator {
  private readonly identities: TtlCache<Identity>;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly accounts: Pick<AccountsRepository, 'authenticate' | 'touchKey'>,
    private readonly options: { ttlMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
  ) {
    this.identities = new TtlCache<Identity>(options.ttlMs ?? IDENTITY_TTL_MS);
  }

  async authenticate(key: string): Promise<Identity | undefined> {
    const now = this.options.now?.() ?? Date.now();
    const hash = hashApiKey(key);
    let identity = this.identities.get(hash, now);
    if (!identity) {
      identity = await this.accounts.authenticate(key);
      if (!identity) return undefined;
      this.identities.set(hash, identity, now);
    }
    this.touch(identity.keyId, now);
    return identity;
  }

  /** Forgets every cached identity, after keys or accounts changed in this process. */
  forgetAll(): void {
    this.identities.clear();
  }

  private touch(keyId: string, now: number): void {
    const last = this.lastTouched.get(keyId);
    if (last !== undefined && now - last < LAST_USED_EVERY_MS) return;
    this.lastTouched.set(keyId, now);
    if (this.lastTouched.size > 10_000)
      this.lastTouched.delete(this.lastTouched.keys().next().value as string);
    this.accounts.touchKey(keyId).catch((error: unknown) => {
      this.lastTouched.delete(keyId);
      this.options.onError?.(error);
    });
  }
}
