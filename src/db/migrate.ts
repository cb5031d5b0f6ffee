import { Migrator, PostgresAdapter, sql, type DatabaseIntrospector, type MigrationResultSet } from 'kysely';
import type { Db } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

async function createMigrator(db: Db): Promise<Migrator> {
  const provider = { getMigrations: async () => MIGRATIONS };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return new Migrator({ db, provider });
  const schema = (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  if (!schema) return new Migrator({ db, provider });
  return new Migrator({ db: lookingOnlyAt(db, schema), migrationTableSchema: schema, provider });
}

/**
 * Kysely's migrator looks for its bookkeeping tables with an introspector that reads every schema
 * in the database: another schema's tables (a second install, a test running alongside) would pass
 * for ours, and a schema dropped meanwhile fails the query. This one sees our schema only.
 */
function lookingOnlyAt(db: Db, schema: string): Db {
  const introspection: Pick<DatabaseIntrospector, 'getSchemas' | 'getTables'> = {
    getSchemas: async () => [{ name: schema }],
    getTables: async () => {
      const { rows } = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p')`.execute(db);
      return rows.map((row) => ({ name: row.name, schema, isView: false, columns: [] }));
    },
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration; returns a line per migration applied. */
export async function migrateToLatest({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await (await createMigrator(db)).migrateToLatest());
}

/** Applies the next pending migration only (used to test migrations step by step). */
export async function migrateUp({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await (await createMigrator(db)).migrateUp());
}

/** Reverts the last applied migration. */
export async function migrateDown({ db }: { db: Db }): Promise<string[]> {
  return unwrap(await (await createMigrator(db)).migrateDown());
}

export function listMigrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
