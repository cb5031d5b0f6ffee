import { sql, type Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// PostgreSQL: ticket numbers come from a sequence. The counter row was locked from a new ticket's
// first statement to its commit, so every creation waited for the one before it (issue 13.9).
// A sequence never hands out a number twice; a rolled-back creation leaves a gap, as in any
// helpdesk. SQLite has one writer and keeps the counter row.

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
  await sql`create sequence ticket_number_seq`.execute(db);
  await sql`select setval('ticket_number_seq', greatest(value, 1), value > 0) from counters where name = 'ticket_number'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await sql`update counters set value = (select last_value from ticket_number_seq) where name = 'ticket_number'`.execute(db);
  await sql`drop sequence ticket_number_seq`.execute(db);
}
