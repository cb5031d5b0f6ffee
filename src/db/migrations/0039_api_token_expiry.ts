import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// An API token may end by itself: after `expires_at` (epoch ms) it no longer authenticates.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
