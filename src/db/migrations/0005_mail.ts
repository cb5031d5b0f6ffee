import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.

// SQLite adds one column per statement, so each column is its own ALTER TABLE.
const OUTBOX_COLUMNS = [
  // The ticket a mail is about, when it is about one: a reply naming this mail's Message-ID lands there.
  ['ticket_id', 'text'],
  // The References header: the thread's Message-IDs, oldest first, separated by spaces.
  ['references_header', 'text'],
  // Extra headers as a JSON object (Auto-Submitted and the like).
  ['headers', 'text'],
  // Sending: not before this instant (backoff after a failed attempt); the lease of the sender.
  ['next_attempt_at', 'bigint'],
  ['locked_by', 'text'],
  ['locked_until', 'bigint'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of OUTBOX_COLUMNS) {
    await db.schema.alterTable('mail_outbox').addColumn(name, type).execute();
  }
  await db.schema.createIndex('mail_outbox_sending_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();

  // Each inbound mail once, by Message-ID: what became of it.
  await db.schema
    .createTable('mail_inbound')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_inbound_sender_idx').on('mail_inbound').columns(['from_address', 'processed_at']).execute();

  // Where each polled mailbox stands: the highest UID read under its UIDVALIDITY.
  await db.schema
    .createTable('mail_mailboxes')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('last_polled_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Which optional mails a person wants (JSON object of switches; missing ones are on).
  await db.schema
    .createTable('notification_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Notices that go once: a message's "reply due soon" and "breached", a pending ticket's
  // reminder (per agent reply), the answer to an unknown sender (per day).
  await db.schema
    .createTable('mail_notices')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mail_notices_pk', ['subject_id', 'notice', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['mail_notices', 'notification_preferences', 'mail_mailboxes', 'mail_inbound']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('mail_outbox_sending_idx').execute();
  for (const [name] of [...OUTBOX_COLUMNS].reverse()) {
    await db.schema.alterTable('mail_outbox').dropColumn(name).execute();
  }
}
