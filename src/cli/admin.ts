import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { DomainError } from '../domain/errors.ts';
import { runAdminCommand, type AdminCommand } from '../service/admin.ts';
import { openServiceContext } from '../service/context.ts';
import { UsageError } from './run-command.ts';
import { ADMIN_TOKEN_FILE, RUNTIME_FILE } from './serve.ts';

// `clipforge accounts|keys|credits …`: directly on the database, or through a running `serve` that holds the
// embedded one.

/** The admin channel of a live `serve` on this data dir, waiting while it is still starting. */
async function runningServer(config: Config): Promise<{ url: string; token: string } | undefined> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    let runtime: { url: string | null; pid: number };
    try {
      runtime = JSON.parse(await readFile(path.join(config.dataDir, RUNTIME_FILE), 'utf8'));
      process.kill(runtime.pid, 0);
    } catch {
      return undefined;
    }
    if (runtime.url) {
      const token = (await readFile(path.join(config.dataDir, ADMIN_TOKEN_FILE), 'utf8')).trim();
      return { url: runtime.url, token };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new DomainError('clipforge serve is still starting on this data dir; try again in a moment');
}

export async function executeAdmin(config: Config, command: AdminCommand): Promise<unknown> {
  const server = config.databaseUrl ? undefined : await runningServer(config);
  if (server) {
    const response = await fetch(`${server.url}/admin/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': server.token },
      body: JSON.stringify(command),
    });
    const body = (await response.json()) as { data?: unknown; error?: { message: string } };
    if (!response.ok) throw new DomainError(body.error?.message ?? `server answered HTTP ${response.status}`);
    return body.data;
  }
  const ctx = await openServiceContext(config);
  try {
    return await runAdminCommand(ctx.accounts, command);
  } finally {
    await ctx.close();
  }
}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      credits: { type: 'string' },
      demo: { type: 'boolean', default: false },
      tier: { type: 'string' },
      name: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new UsageError(`--${flag} is required`);
    return value;
  };
  const credits = (required: boolean) => {
    if (values.credits === undefined && !required) return undefined;
    const number = Number(need(values.credits, 'credits'));
    if (!Number.isInteger(number) || number < 0) throw new UsageError('--credits must be a whole number ≥ 0');
    return number;
  };
  return { values, positionals, need, credits };
}

async function run(
  argv: string[],
  build: (args: ReturnType<typeof parse>) => AdminCommand,
  print: (result: unknown) => string,
) {
  try {
    const args = parse(argv);
    const config = loadConfig({ dataDir: args.values['data-dir'] });
    const result = await executeAdmin(config, build(args));
    process.stdout.write(`${print(result)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

const json = (result: unknown) => JSON.stringify(result, null, 2);

export const accountsCommand = (argv: string[]) =>
  run(
    argv,
    ({ positionals, values, need, credits }) => {
      if (positionals[0] === 'create') {
        return {
          op: 'accounts.create',
          email: need(values.email, 'email'),
          credits: credits(false),
          demo: values.demo,
          tier: values.tier,
        };
      }
      if (positionals[0] === 'list') return { op: 'accounts.list' };
      if (positionals[0] === 'disable' || positionals[0] === 'enable') {
        return {
          op: 'accounts.enable',
          email: need(values.email, 'email'),
          enabled: positionals[0] === 'enable',
        };
      }
      throw new UsageError(
        'Usage: clipforge accounts create --email E [--credits N] [--demo] [--tier T] | accounts list | accounts disable|enable --email E',
      );
    },
    json,
  );

export const creditsCommand = (argv: string[]) =>
  run(
    argv,
    ({ positionals, values, need, credits }) => {
      if (positionals[0] !== 'add')
        throw new UsageError('Usage: clipforge credits add --email E --credits N');
      return { op: 'credits.add', email: need(values.email, 'email'), credits: credits(true) as number };
    },
    json,
  );

export const keysCommand = (argv: string[]) =>
  run(
    argv,
    ({ positionals, values, need }) => {
      if (positionals[0] === 'create')
        return { op: 'keys.create', email: need(values.email, 'email'), name: values.name };
      if (positionals[0] === 'list') return { op: 'keys.list', email: need(values.email, 'email') };
      if (positionals[0] === 'revoke' && positionals[1]) return { op: 'keys.revoke', keyId: positionals[1] };
      throw new UsageError(
        'Usage: clipforge keys create --email E [--name label] | keys list --email E | keys revoke <key-id>',
      );
    },
    (result) => {
      const created = result as { key?: string; id?: string };
      return created.key
        ? `${created.key}\n(key id ${created.id}; this key is shown only once)`
        : json(result);
    },
  );
