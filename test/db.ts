import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, type DialectName } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

/** PostgreSQL for tests: CI's server unless TEST_DATABASE_URL says otherwise. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function findDialects(): Promise<DialectName[]> {
  if (process.env.TEST_DIALECTS) return process.env.TEST_DIALECTS.split(',') as DialectName[];
  if (await isPostgresReachable()) return ['sqlite', 'postgres'];
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL}; CI needs it for the PostgreSQL suites.`);
  // Visible on purpose: a developer without PostgreSQL sees that half the matrix did not run.
  console.warn(`[supportdesk tests] PostgreSQL not reachable at ${TEST_PG_URL}: skipping the PostgreSQL suites (set CI=true to fail instead).`);
  return ['sqlite'];
}

/** The databases the suites run on: both, unless PostgreSQL cannot be reached outside CI. */
export const TEST_DIALECTS: DialectName[] = await findDialects();

export interface TestDb extends DbHandle {
  /** Removes the database (the PostgreSQL schema); call in afterEach/afterAll. */
  drop(): Promise<void>;
  /** PostgreSQL: the private schema, for a second pool on the same data (another node). */
  pgSchema?: string;
}

// A file, not `:memory:`: the app reads through a second connection, as it does in production.
// On tmpfs when there is one, so the commits' flushes cost nothing.
const SQLITE_TEST_DIR = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();

/** A fresh, empty, unmigrated database: a SQLite file of its own or a private PostgreSQL schema. */
export async function createEmptyTestDb(dialect: DialectName, { sqlitePath }: { sqlitePath?: string } = {}): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = sqlitePath ? undefined : fs.mkdtempSync(path.join(SQLITE_TEST_DIR, 'supportdesk-test-'));
    const handle = createDb({ sqlitePath: sqlitePath ?? path.join(dir!, 'test.sqlite') });
    return {
      ...handle,
      drop: async () => {
        await handle.close();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = createDb({ databaseUrl: TEST_PG_URL, pgSearchPath: schema, poolSize: 5 });
  return {
    ...handle,
    pgSchema: schema,
    drop: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** A fresh database with every migration applied. */
export async function createTestDb(dialect: DialectName, options: { sqlitePath?: string } = {}): Promise<TestDb> {
  const handle = await createEmptyTestDb(dialect, options);
  try {
    await migrateToLatest({ db: handle.db });
  } catch (error) {
    // A schema left behind with Kysely's tables in it makes every later PostgreSQL run fail
    // (Kysely looks for its migration tables in all schemas).
    await handle.drop();
    throw error;
  }
  return handle;
}
