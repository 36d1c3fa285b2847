import type { AccountsRepository } from '../store/accounts.ts';

// Operator commands, as plain operations on the accounts repository. The CLI runs them directly on the
// database, or, while `serve` holds the embedded database, through the server's local admin channel.

export type AdminCommand =
  | { op: 'accounts.create'; email: string; credits?: number; demo?: boolean; tier?: string }
  | { op: 'accounts.list' }
  | { op: 'accounts.enable'; email: string; enabled: boolean }
  | { op: 'credits.add'; email: string; credits: number }
  | { op: 'keys.create'; email: string; name?: string }
  | { op: 'keys.list'; email: string }
  | { op: 'keys.revoke'; keyId: string };

export class AdminError extends Error {}

export async function runAdminCommand(accounts: AccountsRepository, command: AdminCommand): Promise<unknown> {
  switch (command.op) {
    case 'accounts.create': {
      if (await accounts.byEmail(command.email))
        throw new AdminError(`An account for ${command.email} already exists`);
      const account = await accounts.create(command);
      return {
        id: account.id,
        email: account.email,
        credits: account.credits,
        demo: account.demo,
        tier: account.tier,
        webhookSecret: account.webhookSecret,
      };
    }
    case 'accounts.list':
      return (await accounts.list()).map(({ id, email, credits, demo, tier, enabled }) => ({
        id,
        email,
        credits,
        demo,
        tier,
        enabled,
      }));
    case 'accounts.enable': {
      const account = await accounts.setEnabled(command.email, command.enabled);
      if (!account) throw new AdminError(`No account for ${command.email}`);
      return { email: account.email, enabled: account.enabled };
    }
    case 'credits.add': {
      const account = await accounts.addCredits(command.email, command.credits);
      if (!account) throw new AdminError(`No account for ${command.email}`);
      return { email: account.email, credits: account.credits };
    }
    case 'keys.create': {
      const created = await accounts.createKey(command.email, command.name);
      if (!created) throw new AdminError(`No account for ${command.email}`);
      return { key: created.key, id: created.info.id };
    }
    case 'keys.list':
      return accounts.listKeys(command.email);
    case 'keys.revoke':
      if (!(await accounts.revokeKey(command.keyId)))
        throw new AdminError(`No live key with id ${command.keyId}`);
      return { revoked: command.keyId };
  }
}
