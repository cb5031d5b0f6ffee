import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Saved views: a name plus ticket filters and a sort, shown beside the built-in queues. Personal
// views belong to one agent (owner_id); shared views (owner_id null) are made by admins.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON: the queue the view starts from and its filters (kind, status, assignee, tag, ...).
    .addColumn('filters', 'text', (c) => c.notNull())
    // updated_desc | updated_asc | created_desc | created_asc
    .addColumn('sort', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_owner_idx').on('saved_views').columns(['owner_id', 'name']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_views').execute();
}
