import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Agents search public text and internal notes as one document (public_doc || internal_doc);
// PostgreSQL can only use an index for that expression if one is built on it. SQLite's FTS5
// table already searches both columns.

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).startsWith('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) await sql`create index ticket_search_all_idx on ticket_search using gin ((public_doc || internal_doc))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (await isPostgres(db)) await sql`drop index ticket_search_all_idx`.execute(db);
}
