import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Search finds tickets the way agents think of them: by the site (domain) a ticket concerns and by
// the beginning of a customer's name. Both lookups need an index at a million tickets and 100,000
// customers. Names are matched case-insensitively: PostgreSQL by lower(name) with pattern ops (so
// `like 'ив%'` uses it), SQLite by a NOCASE index walked as a range.

async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).startsWith('PostgreSQL');
  } catch {
    return false;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('tickets_site_idx').on('tickets').columns(['site', 'updated_at']).execute();
  if (await isPostgres(db)) await sql`create index users_name_search_idx on users (lower(name) text_pattern_ops)`.execute(db);
  else await sql`create index users_name_search_idx on users (name collate nocase)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index users_name_search_idx`.execute(db);
  await db.schema.dropIndex('tickets_site_idx').execute();
}
