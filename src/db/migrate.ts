import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration; returns a line per migration applied. */
export async function migrateToLatest({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

/** Applies the next pending migration only (used to test migrations step by step). */
export async function migrateUp({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateUp());
}

/** Reverts the last applied migration. */
export async function migrateDown({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateDown());
}

export function listMigrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
