import { z } from 'zod';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { AccountsRepository } from '../store/accounts.ts';

// Operator commands, as plain operations on the accounts repository. The CLI runs them directly on the
// database, or, while `serve` holds the embedded database, through the server's local admin channel.

const email = z.string().min(1);
const credits = z.number().int().min(0);

export const AdminCommand = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('accounts.create'),
    email,
    credits: credits.optional(),
    demo: z.boolean().optional(),
    tier: z.string().min(1).optional(),
  }),
  z.object({ op: z.literal('accounts.list') }),
  z.object({ op: z.literal('accounts.enable'), email, enabled: z.boolean() }),
  z.object({ op: z.literal('credits.add'), email, credits }),
  z.object({ op: z.literal('keys.create'), email, name: z.string().optional() }),
  z.object({ op: z.literal('keys.list'), email }),
  z.object({ op: z.literal('keys.revoke'), keyId: z.string().min(1) }),
]);

export type AdminCommand = z.infer<typeof AdminCommand>;

export async function runAdminCommand(accounts: AccountsRepository, command: AdminCommand): Promise<unknown> {
  switch (command.op) {
    case 'accounts.create': {
      if (await accounts.byEmail(command.email))
        throw new ConflictError(`An account for ${command.email} already exists`);
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
      if (!account) throw new NotFoundError(`No account for ${command.email}`);
      return { email: account.email, enabled: account.enabled };
    }
    case 'credits.add': {
      const account = await accounts.addCredits(command.email, command.credits);
      if (!account) throw new NotFoundError(`No account for ${command.email}`);
      return { email: account.email, credits: account.credits };
    }
    case 'keys.create': {
      const created = await accounts.createKey(command.email, command.name);
      if (!created) throw new NotFoundError(`No account for ${command.email}`);
      return { key: created.key, id: created.info.id };
    }
    case 'keys.list':
      return accounts.listKeys(command.email);
    case 'keys.revoke':
      if (!(await accounts.revokeKey(command.keyId)))
        throw new NotFoundError(`No live key with id ${command.keyId}`);
      return { revoked: command.keyId };
  }
}
