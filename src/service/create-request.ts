import { createHash } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { newObjectId } from '../auth/keys.ts';
import type { Config } from '../config.ts';
import type { MediaTools } from '../media/tools.ts';
import { InsufficientCreditsError, InvalidInputError, SourceUnavailableError } from '../domain/errors.ts';
import { Allowlist, isPublicAddress } from '../net/policy.ts';
import { clampWindow } from '../pipeline/ingest/index.ts';
import type { ClipOptions } from '../domain/options.ts';
import { AccountsRepository, type Account } from '../store/accounts.ts';
import type { Database, Queryable } from '../store/database.ts';
import { RequestsRepository } from '../store/requests.ts';
import {
  canonicalJson,
  optionsRefusal,
  parseCreateBody,
  toClipOptions,
  type CreateBody,
} from './create-options.ts';
import { IdempotencyKeys } from '../store/idempotency.ts';
import { resolveSource } from './sources.ts';
import type { Storage } from '../storage/storage.ts';

// POST /shorts/create as one service call, for every door (HTTP, the dashboard, the MCP server): validate the
// body, claim its Idempotency-Key, check the options and the source, then debit the credit, record the request
// and store the idempotent response in one transaction. Nothing here knows of HTTP.

const DEMO_MAX_WINDOW = 120;
/** A demo account's request gives at most this many shorts (spec §1). */
export const DEMO_MAX_SHORTS = 2;

export interface CreateContext {
  config: Config;
  tools: MediaTools;
  db: Database;
  storage: Storage;
  /** told the new request's id once it is recorded */
  changes: EventEmitter;
}

export interface CreateCommand {
  account: Account;
  /** the create body as the client sent it (spec §3.1 field names) */
  body: unknown;
  idempotencyKey?: string;
  /** base of statusUrl and eventsUrl, and of the upload URLs this server hands out */
  publicUrl: string;
}

export interface CreatedRequest {
  requestId: string;
  status: 'queued';
  creditsUsed: number;
  estimatedCompletionTime: string;
  timeAdjustment?: unknown;
  statusUrl: string;
  eventsUrl: string;
}

export interface CreateOutcome {
  status: number;
  data: CreatedRequest;
  /** true when this is the stored answer to an earlier create with the same Idempotency-Key and body */
  replayed: boolean;
}

export async function createRequest(ctx: CreateContext, command: CreateCommand): Promise<CreateOutcome> {
  const body = parseCreateBody(command.body);
  if (command.idempotencyKey !== undefined && command.idempotencyKey.length > 255)
    throw InvalidInputError.of('Idempotency-Key', 'must be at most 255 characters');
  if (!command.idempotencyKey) return { ...(await record(ctx, command, body)), replayed: false };
  const keys = new IdempotencyKeys(ctx.db);
  const digest = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const outcome = await keys.claim(command.account.id, command.idempotencyKey, digest);
  if ('replay' in outcome) {
    const stored = outcome.replay.response as { data: CreatedRequest };
    return { status: outcome.replay.status, data: stored.data, replayed: true };
  }
  const storeResponse = (tx: Queryable, data: CreatedRequest) =>
    keys.complete(tx, outcome.claimed, 201, { data });
  try {
    return { ...(await record(ctx, command, body, storeResponse)), replayed: false };
  } catch (error) {
    await keys.release(outcome.claimed);
    throw error;
  }
}

async function checkOptions(ctx: CreateContext, account: Account, body: CreateBody, options: ClipOptions) {
  const refusal = await optionsRefusal(options, ctx.config, ctx.tools);
  if (refusal) throw InvalidInputError.of(refusal.field, refusal.message);
  if (account.demo && body.end - body.start > DEMO_MAX_WINDOW)
    throw InvalidInputError.of('end', `demo accounts may clip at most ${DEMO_MAX_WINDOW} s`);
  if (body.webhookUrl) refusePrivateWebhook(body.webhookUrl, ctx.config.networkAllowlist);
}

/** The network policy is checked again at each delivery; a literal private address is refused now. */
function refusePrivateWebhook(webhookUrl: string, allowlist: string[]): void {
  const literal = new URL(webhookUrl).hostname.replace(/^\[|\]$/g, '');
  if (/^[\d.:a-f]+$/i.test(literal) && !isPublicAddress(literal) && !new Allowlist(allowlist).has(literal)) {
    throw new SourceUnavailableError(
      `webhookUrl points to a non-public address (${literal}), which is refused`,
      'webhookUrl',
    );
  }
}

async function record(
  ctx: CreateContext,
  { account, publicUrl }: CreateCommand,
  body: CreateBody,
  storeResponse?: (tx: Queryable, data: CreatedRequest) => Promise<void>,
): Promise<{ status: number; data: CreatedRequest }> {
  const options = toClipOptions(body);
  await checkOptions(ctx, account, body, options);
  const source = await resolveSource(body, {
    accountId: account.id,
    publicUrl,
    storage: ctx.storage,
    allowlist: ctx.config.networkAllowlist,
    ytDlpPath: ctx.config.ytDlpPath,
    tools: ctx.tools,
  });
  let window;
  try {
    window = clampWindow(body.start, body.end, source.duration);
  } catch (error) {
    throw InvalidInputError.of('start', (error as Error).message);
  }
  const credits = account.demo ? 0 : 1;
  const id = newObjectId();
  const data: CreatedRequest = {
    requestId: id,
    status: 'queued',
    creditsUsed: credits,
    estimatedCompletionTime: new Date(
      Date.now() + Math.max(60, (window.end - window.start) * 0.6) * 1000,
    ).toISOString(),
    ...(window.adjustment ? { timeAdjustment: window.adjustment } : {}),
    statusUrl: `${publicUrl}/api/v1/shorts/${id}/status`,
    eventsUrl: `${publicUrl}/api/v1/shorts/${id}/events`,
  };
  await ctx.db.transaction(async (tx) => {
    if (credits > 0 && !(await new AccountsRepository(tx).chargeCredit(account.id)))
      throw new InsufficientCreditsError();
    await new RequestsRepository(tx).create({
      id,
      accountId: account.id,
      isDemo: account.demo,
      source: source.source,
      sourceKind: source.kind,
      url: body.url ?? body.fileUrl ?? null,
      start: window.start,
      end: window.end,
      options,
      timeAdjustment: window.adjustment ?? null,
      webhookUrl: body.webhookUrl ?? null,
      creditsUsed: credits,
    });
    await storeResponse?.(tx, data);
  });
  ctx.changes.emit('change', id);
  return { status: 201, data };
}
