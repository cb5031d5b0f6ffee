import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Request counts per caller and minute, shared by every app process on one PostgreSQL
// (src/http/rate-limit.store.ts). SQLite has one process and counts in memory; the table is
// created on both so the schema stays the same.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limit_counters_pk', ['key', 'window_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute();
}
