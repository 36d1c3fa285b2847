import { generateApiKey, generateWebhookSecret, hashApiKey, newObjectId } from '../auth/keys.ts';
import type { Queryable } from './database.ts';

export interface Account {
  id: string;
  email: string;
  credits: number;
  enabled: boolean;
  tier: string;
  demo: boolean;
  webhookSecret: string;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  accountId: string;
  name: string | null;
  displayPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface AccountRow {
  id: string;
  email: string;
  credits: number;
  enabled: boolean;
  tier: string;
  demo: boolean;
  webhook_secret: string;
  created_at: Date | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    email: row.email,
    credits: Number(row.credits),
    enabled: row.enabled,
    tier: row.tier,
    demo: row.demo,
    webhookSecret: row.webhook_secret,
    createdAt: iso(row.created_at) as string,
  };
}

export class AccountsRepository {
  constructor(private readonly db: Queryable) {}

  async create(input: { email: string; credits?: number; demo?: boolean; tier?: string }): Promise<Account> {
    const { rows } = await this.db.query<AccountRow>(
      `INSERT INTO accounts (id, email, credits, demo, tier, webhook_secret) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [
        newObjectId(),
        input.email.toLowerCase(),
        input.credits ?? 0,
        input.demo ?? false,
        input.tier ?? 'free',
        generateWebhookSecret(),
      ],
    );
    return toAccount(rows[0]);
  }

  async byEmail(email: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE email = $1', [
      email.toLowerCase(),
    ]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async byId(id: string): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async list(): Promise<Account[]> {
    const { rows } = await this.db.query<AccountRow>('SELECT * FROM accounts ORDER BY created_at');
    return rows.map(toAccount);
  }

  async addCredits(email: string, credits: number): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>(
      'UPDATE accounts SET credits = credits + $2 WHERE email = $1 RETURNING *',
      [email.toLowerCase(), credits],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  async setEnabled(email: string, enabled: boolean): Promise<Account | undefined> {
    const { rows } = await this.db.query<AccountRow>(
      'UPDATE accounts SET enabled = $2 WHERE email = $1 RETURNING *',
      [email.toLowerCase(), enabled],
    );
    return rows[0] ? toAccount(rows[0]) : undefined;
  }

  /** Takes one credit if there is one; false when the balance is 0. */
  async chargeCredit(accountId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'UPDATE accounts SET credits = credits - 1 WHERE id = $1 AND credits > 0 RETURNING id',
      [accountId],
    );
    return rows.length === 1;
  }

  async refundCredit(accountId: string): Promise<void> {
    await this.db.query('UPDATE accounts SET credits = credits + 1 WHERE id = $1', [accountId]);
  }

  async createKey(email: string, name?: string): Promise<{ key: string; info: ApiKeyInfo } | undefined> {
    const account = await this.byEmail(email);
    if (!account) return undefined;
    const generated = generateApiKey();
    const { rows } = await this.db.query<Record<string, unknown>>(
      `INSERT INTO api_keys (id, account_id, name, key_hash, display_prefix) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [newObjectId(), account.id, name ?? null, generated.hash, generated.displayPrefix],
    );
    return { key: generated.key, info: toKeyInfo(rows[0]) };
  }

  async listKeys(email: string): Promise<ApiKeyInfo[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT k.* FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE a.email = $1 ORDER BY k.created_at`,
      [email.toLowerCase()],
    );
    return rows.map(toKeyInfo);
  }

  async revokeKey(keyId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
      [keyId],
    );
    return rows.length === 1;
  }

  /** Records that a key was just used (callers limit how often). */
  async touchKey(keyId: string): Promise<void> {
    await this.db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [keyId]);
  }

  /** The live key and its account for a presented key; the hash lookup is exact, so no timing leak of the key. */
  async authenticate(key: string): Promise<{ keyId: string; account: Account } | undefined> {
    const { rows } = await this.db.query<AccountRow & { key_id: string }>(
      `SELECT a.*, k.id AS key_id FROM api_keys k JOIN accounts a ON a.id = k.account_id
       WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashApiKey(key)],
    );
    if (!rows[0]) return undefined;
    return { keyId: rows[0].key_id, account: toAccount(rows[0]) };
  }
}

function toKeyInfo(row: Record<string, unknown>): ApiKeyInfo {
  return {
    id: row.id as string,
    accountId: row.account_id as string,
    name: (row.name as string | null) ?? null,
    displayPrefix: row.display_prefix as string,
    createdAt: iso(row.created_at as Date) as string,
    lastUsedAt: iso((row.last_used_at as Date | null) ?? null),
    revokedAt: iso((row.revoked_at as Date | null) ?? null),
  };
}
