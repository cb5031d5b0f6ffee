import { sql } from 'kysely';
import type { DialectName, Trx } from './database.js';

/**
 * Serialises transactions that touch the same named things (a throttle key, a license key, an
 * email), for the rest of the caller's transaction. PostgreSQL: transaction-level advisory locks,
 * taken in sorted order so two transactions wanting the same names never deadlock. SQLite needs
 * none: its writers already run one transaction at a time (db/sqlite-driver.ts).
 */
export async function lockNames({ trx, dialect, names }: { trx: Trx; dialect: DialectName; names: readonly string[] }): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const name of [...new Set(names)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
  }
}
