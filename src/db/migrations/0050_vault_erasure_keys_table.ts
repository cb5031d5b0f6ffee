import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// PostgreSQL: the vault's erasure keys where every node reaches them (issue 13.8). The table is
// UNLOGGED: its rows are never written to the WAL, so no WAL segment, archive, replica or base
// backup ever holds an erasure key; a deleted key is gone once the table is rewritten (the vault
// runs VACUUM FULL on it after deletions). The price: after a PostgreSQL crash (not a clean
// restart) the table is empty and the secrets live at that moment can no longer be opened; the
// customer is asked to give them again. SQLite keeps erasure keys as files in the data directory.

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
  await sql`create unlogged table vault_erasure_keys (
    key_id text primary key,
    request_id text not null,
    key bytea not null,
    created_at bigint not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await sql`drop table vault_erasure_keys`.execute(db);
}
