import type { Database } from './database.ts';

// Schema, in order. Each migration runs once; applied ones are recorded in schema_migrations.

export const MIGRATIONS: { id: number; sql: string }[] = [
  {
    id: 1,
    sql: `
CREATE TABLE accounts (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  credits integer NOT NULL DEFAULT 0 CHECK (credits >= 0),
  enabled boolean NOT NULL DEFAULT true,
  tier text NOT NULL DEFAULT 'free',
  demo boolean NOT NULL DEFAULT false,
  webhook_secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name text,
  key_hash text NOT NULL UNIQUE,
  display_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE TABLE requests (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  status text NOT NULL,
  step text NOT NULL,
  progress integer NOT NULL DEFAULT 0,
  failure_reason text,
  is_demo boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  source_kind text NOT NULL,
  url text,
  start_seconds double precision NOT NULL,
  end_seconds double precision NOT NULL,
  options jsonb NOT NULL,
  time_adjustment jsonb,
  result jsonb,
  webhook_url text,
  credits_used integer NOT NULL DEFAULT 0,
  refunded boolean NOT NULL DEFAULT false,
  cancel_requested boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX requests_account_created ON requests (account_id, created_at DESC);
CREATE INDEX requests_claimable ON requests (status, lease_until);
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  request_id text NOT NULL,
  url text NOT NULL,
  event text NOT NULL,
  payload text NOT NULL,
  attempt integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  delivered boolean NOT NULL DEFAULT false,
  log jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (delivered, next_attempt_at);
CREATE TABLE idempotency_keys (
  account_id text NOT NULL,
  key text NOT NULL,
  body_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, key)
);
CREATE TABLE rate_limit_counters (
  key text NOT NULL,
  window_start bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
`,
  },
  {
    // a delivery finds its signing secret through its account, so it stays signed after its request is deleted
    id: 2,
    sql: `
ALTER TABLE webhook_deliveries ADD COLUMN account_id text;
UPDATE webhook_deliveries SET account_id = requests.account_id FROM requests WHERE requests.id = webhook_deliveries.request_id
`,
  },
  {
    // state every host shares (the URL-signing key) lives here rather than in any one host's data dir; a
    // request whose rendered files the retention sweeper removed keeps its record
    id: 3,
    sql: `
CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL);
ALTER TABLE requests ADD COLUMN files_expired_at timestamptz;
CREATE INDEX requests_retention ON requests (created_at) WHERE status = 'completed' AND files_expired_at IS NULL
`,
  },
  {
    // re-renders of finished shorts (spec §11), queued and leased like requests; at most one at a time per short,
    // and gone with their request
    id: 4,
    sql: `
CREATE TABLE short_renders (
  id text PRIMARY KEY,
  request_id text NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  short_id text NOT NULL,
  status text NOT NULL,
  job jsonb NOT NULL,
  progress integer NOT NULL DEFAULT 0,
  failure_reason text,
  attempts integer NOT NULL DEFAULT 0,
  lease_owner text,
  lease_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX short_renders_one_at_a_time ON short_renders (request_id, short_id) WHERE status IN ('queued', 'processing');
CREATE INDEX short_renders_claimable ON short_renders (status, lease_until)
`,
  },
];

export async function migrate(db: Database): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await db.query<{ id: number }>('SELECT id FROM schema_migrations');
  const applied = new Set(rows.map((row) => Number(row.id)));
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    await db.transaction(async (tx) => {
      for (const statement of migration.sql
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1) ON CONFLICT DO NOTHING', [migration.id]);
    });
  }
}
