import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.

// version() exists in PostgreSQL only; a failing statement there would abort the migration's
// transaction, while in SQLite (where it fails) it does not.
async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).startsWith('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = await isPostgres(db);

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('counters' as never)
    .values({ name: 'ticket_number', value: 0 } as never)
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'bigint', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('license_id', 'text', (c) => c.references('licenses.id'))
    .addColumn('site', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('resolution', 'text')
    .addColumn('decline_reason', 'text')
    .addColumn('follow_up_of', 'text', (c) => c.references('tickets.id'))
    .addColumn('merged_into', 'text', (c) => c.references('tickets.id'))
    // The reply clock, kept on the ticket for the queues: the earliest due among waiting messages,
    // when the first of them arrived, and whether any of them is guaranteed.
    .addColumn('reply_due_at', 'bigint')
    .addColumn('waiting_since', 'bigint')
    .addColumn('is_guaranteed', 'integer', (c) => c.notNull())
    .addColumn('last_customer_message_at', 'bigint')
    .addColumn('last_agent_reply_at', 'bigint')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('tickets_due_idx').on('tickets').columns(['status', 'reply_due_at', 'id']).execute();
  await db.schema.createIndex('tickets_waiting_idx').on('tickets').columns(['waiting_since', 'id']).execute();
  await db.schema.createIndex('tickets_customer_idx').on('tickets').columns(['customer_id', 'updated_at']).execute();
  await db.schema.createIndex('tickets_assignee_idx').on('tickets').columns(['assignee_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('tickets_kind_idx').on('tickets').columns(['kind', 'status', 'created_at']).execute();
  await db.schema.createIndex('tickets_updated_idx').on('tickets').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('tickets_license_idx').on('tickets').column('license_id').execute();

  await db.schema
    .createTable('ticket_tags')
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tags_pk', ['ticket_id', 'tag'])
    .execute();
  await db.schema.createIndex('ticket_tags_tag_idx').on('ticket_tags').columns(['tag', 'ticket_id']).execute();

  await db.schema
    .createTable('ticket_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('author_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('arrived_at', 'bigint', (c) => c.notNull())
    // For a customer message: its own reply clock, decided on arrival (R2, R5), and how it ended.
    .addColumn('is_waiting', 'integer', (c) => c.notNull())
    .addColumn('is_guaranteed', 'integer', (c) => c.notNull())
    .addColumn('reply_due_at', 'bigint')
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_by', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_messages_ticket_idx').on('ticket_messages').columns(['ticket_id', 'created_at']).execute();
  await db.schema.createIndex('ticket_messages_waiting_idx').on('ticket_messages').columns(['is_waiting', 'ticket_id']).execute();
  await db.schema.createIndex('ticket_messages_external_idx').on('ticket_messages').column('external_id').unique().execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket_idx').on('ticket_events').columns(['ticket_id', 'created_at']).execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uploader_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('message_id', 'text', (c) => c.references('ticket_messages.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_message_idx').on('attachments').column('message_id').execute();
  await db.schema.createIndex('attachments_ticket_idx').on('attachments').column('ticket_id').execute();

  await db.schema
    .createTable('canned_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_en', 'text', (c) => c.notNull())
    .addColumn('body_ru', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agent_states')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('is_available', 'integer', (c) => c.notNull())
    .addColumn('last_assigned_at', 'bigint')
    .execute();

  // Full-text search: one document per ticket, public text (subject and replies) apart from
  // internal notes, so a customer's search never matches words only agents can see.
  if (pg) {
    await db.schema
      .createTable('ticket_search')
      .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
      .addColumn('public_doc', sql`tsvector`, (c) => c.notNull())
      .addColumn('internal_doc', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index ticket_search_public_idx on ticket_search using gin (public_doc)`.execute(db);
    await sql`create index ticket_search_internal_idx on ticket_search using gin (internal_doc)`.execute(db);
  } else {
    await sql`create virtual table ticket_search using fts5(public_text, internal_text, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'ticket_search',
    'agent_states',
    'canned_responses',
    'attachments',
    'ticket_events',
    'ticket_messages',
    'ticket_tags',
    'tickets',
    'counters',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
