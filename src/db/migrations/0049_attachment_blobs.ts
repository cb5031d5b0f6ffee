import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// PostgreSQL: attachment bytes live in the database, so every node of a deployment serves every
// file (issue 13.8). Content-addressed as in the directory store: one row per SHA-256 and its
// bytes in chunks. Chunks of an upload still being received are keyed `tmp:<startedAt>:<uuid>`
// until its hash is known. SQLite keeps files in the data directory and gets no tables.

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).startsWith('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await db.schema
    .createTable('attachment_blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('stored_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('attachment_blob_chunks')
    // The blob's SHA-256, or `tmp:<startedAt>:<uuid>` while the upload is being received.
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_blob_chunks_pk', ['blob', 'seq'])
    .execute();
  // Bytes are already compressed or not worth it; skip TOAST compression attempts.
  await sql`alter table attachment_blob_chunks alter column data set storage external`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await db.schema.dropTable('attachment_blob_chunks').execute();
  await db.schema.dropTable('attachment_blobs').execute();
}
