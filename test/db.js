import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
/** PostgreSQL for tests: CI's server unless TEST_DATABASE_URL says otherwise. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
async function isPostgresReachable() {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
        await client.connect();
        await client.query('select 1');
        return true;
    }
    catch {
        return false;
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
async function findDialects() {
    if (process.env.TEST_DIALECTS)
        return process.env.TEST_DIALECTS.split(',');
    if (await isPostgresReachable())
        return ['sqlite', 'postgres'];
    if (process.env.CI === 'true')
        throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL}; CI needs it for the PostgreSQL suites.`);
    // Visible on purpose: a developer without PostgreSQL sees that half the matrix did not run.
    console.warn(`[supportdesk tests] PostgreSQL not reachable at ${TEST_PG_URL}: skipping the PostgreSQL suites (set CI=true to fail instead).`);
    return ['sqlite'];
}
/** The databases the suites run on: both, unless PostgreSQL cannot be reached outside CI. */
export const TEST_DIALECTS = await findDialects();
/** A fresh, empty, unmigrated database: an in-memory SQLite or a private PostgreSQL schema. */
export async function createEmptyTestDb(dialect, { sqlitePath } = {}) {
    if (dialect === 'sqlite') {
        const handle = createDb({ sqlitePath: sqlitePath ?? ':memory:' });
        return { ...handle, drop: () => handle.close() };
    }
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = createDb({ databaseUrl: TEST_PG_URL, pgSearchPath: schema, poolSize: 5 });
    return {
        ...handle,
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
export async function createTestDb(dialect, options = {}) {
    const handle = await createEmptyTestDb(dialect, options);
    try {
        await migrateToLatest({ db: handle.db });
    }
    catch (error) {
        // A schema left behind with Kysely's tables in it makes every later PostgreSQL run fail
        // (Kysely looks for its migration tables in all schemas).
        await handle.drop();
        throw error;
    }
    return handle;
}
//# sourceMappingURL=db.js.map