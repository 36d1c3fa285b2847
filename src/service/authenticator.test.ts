import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsRepository } from '../store/accounts.ts';
import { openTestDatabase } from '../../test/helpers/database.ts';
import type { Database } from '../store/database.ts';
import { Authenticator, IDENTITY_TTL_MS, LAST_USED_EVERY_MS } from './authenticator.ts';

let db: Database;
let close: () => Promise<void>;
let accounts: AccountsRepository;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  accounts = new AccountsRepository(db);
});

afterAll(() => close?.());

async function newKey(email: string) {
  await accounts.create({ email });
  return (await accounts.createKey(email))!;
}

describe('Authenticator', () => {
  it('reads a key again one TTL after the last read however often it is used: revocation is not postponed', async () => {
    const { key, info } = await newKey('busy@example.com');
    let now = 1_000_000;
    const auth = new Authenticator(accounts, { now: () => now });
    expect((await auth.authenticate(key))?.keyId).toBe(info.id);
    await accounts.revokeKey(info.id);
    for (; now < 1_000_000 + IDENTITY_TTL_MS; now += 500) expect(await auth.authenticate(key)).toBeDefined();
    expect(await auth.authenticate(key)).toBeUndefined();
  });

  it('forgets everything at once when told keys or accounts changed', async () => {
    const { key } = await newKey('disabled@example.com');
    const auth = new Authenticator(accounts);
    expect((await auth.authenticate(key))?.account.enabled).toBe(true);
    await accounts.setEnabled('disabled@example.com', false);
    auth.forgetAll();
    expect((await auth.authenticate(key))?.account.enabled).toBe(false);
    expect(await auth.authenticate('sk_ssemble_unknown')).toBeUndefined();
  });

  it('records lastUsedAt on first use, then at most once a minute', async () => {
    const { key, info } = await newKey('used@example.com');
    let now = 5_000_000;
    const auth = new Authenticator(accounts, { now: () => now });
    const lastUsed = async () => (await accounts.listKeys('used@example.com'))[0].lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await auth.authenticate(key);
    await db.query('SELECT 1');
    const first = await lastUsed();
    expect(first).not.toBeNull();
    await db.query(`UPDATE api_keys SET last_used_at = now() - interval '1 hour' WHERE id = $1`, [info.id]);
    const marked = await lastUsed();
    now += LAST_USED_EVERY_MS - 1;
    await auth.authenticate(key);
    expect(await lastUsed()).toBe(marked);
    now += 1;
    await auth.authenticate(key);
    await db.query('SELECT 1');
    expect(Date.parse((await lastUsed())!)).toBeGreaterThan(Date.parse(marked!));
  });
});
