import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.

export async function up(db: Kysely<unknown>): Promise<void> {
  // An agent's request for temporary access on a ticket, and what became of it. Never a secret:
  // the credentials live in vault_secrets, and the request row outlives them as the record.
  await db.schema
    .createTable('vault_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    // When the secret is destroyed at the latest (the customer's choice, capped by the setting).
    .addColumn('expires_at', 'bigint')
    .addColumn('last_revealed_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    // "Change those credentials": how many reminders went out, when the next one is due, and
    // when the customer said they did.
    .addColumn('reminders_sent', 'integer', (c) => c.notNull())
    .addColumn('next_reminder_at', 'bigint')
    .addColumn('changed_confirmed_at', 'bigint')
    .execute();
  await db.schema.createIndex('vault_requests_ticket_idx').on('vault_requests').columns(['ticket_id', 'created_at']).execute();
  await db.schema.createIndex('vault_requests_status_idx').on('vault_requests').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('vault_requests_reminder_idx').on('vault_requests').column('next_reminder_at').execute();
  await db.schema.createIndex('vault_requests_customer_idx').on('vault_requests').columns(['customer_id', 'ended_at']).execute();

  // The sealed credentials: AES-256-GCM under a data key of their own, which is itself sealed
  // under the master key named by key_id. Destroying a secret deletes this row.
  await db.schema
    .createTable('vault_secrets')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('vault_requests.id').onDelete('cascade'))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vault_secrets_key_idx').on('vault_secrets').column('key_id').execute();

  // Every reveal and every refused attempt: who, when, why. The customer reads this log.
  await db.schema
    .createTable('vault_reveals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('vault_requests.id'))
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('refusal', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vault_reveals_request_idx').on('vault_reveals').columns(['request_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['vault_reveals', 'vault_secrets', 'vault_requests']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
