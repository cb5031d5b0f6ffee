import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// The orphan purge asks, file by file, whether any row still names a content hash.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('attachments_sha256_idx').on('attachments').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('attachments_sha256_idx').execute();
}
