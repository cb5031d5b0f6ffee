import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Suggestions and partnership requests sent through the public form wait here until the sender
// confirms the address by the mailed link; only then does a ticket open. The address and the
// sender's network address are kept to limit how many a sender may send.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('suggestion_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('ip', 'text')
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .execute();
  await db.schema.createIndex('suggestion_requests_email_idx').on('suggestion_requests').columns(['email', 'created_at']).execute();
  await db.schema.createIndex('suggestion_requests_ip_idx').on('suggestion_requests').columns(['ip', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('suggestion_requests').execute();
}
