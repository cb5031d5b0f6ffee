import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.

export async function up(db: Kysely<unknown>): Promise<void> {
  // The erasure key a secret is sealed with; the key itself is a file outside the database
  // (data directory, vault-erasure/). Null for secrets sealed before erasure keys existed.
  await db.schema.alterTable('vault_secrets').addColumn('erasure_key_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vault_secrets').dropColumn('erasure_key_id').execute();
}
