import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyTestDb, TEST_DIALECTS, type TestDb } from '../../test/db.js';
import { listMigrationNames, migrateDown, migrateToLatest, migrateUp } from './migrate.js';

describe.each(TEST_DIALECTS)('migrations on %s', (dialect) => {
  let handle: TestDb | undefined;
  afterEach(async () => {
    await handle?.drop();
    handle = undefined;
  });

  it('apply all at once, and a second run applies nothing', async () => {
    handle = await createEmptyTestDb(dialect);
    const applied = await migrateToLatest({ db: handle.db });
    expect(applied).toEqual(listMigrationNames().map((name) => `applied ${name}`));
    expect(await migrateToLatest({ db: handle.db })).toEqual([]);
    const users = await sql<{ n: number }>`select count(*) as n from users`.execute(handle.db);
    expect(Number(users.rows[0]?.n)).toBe(0);
  });

  it('apply step by step, and each step can be reverted and applied again', async () => {
    handle = await createEmptyTestDb(dialect);
    for (const name of listMigrationNames()) {
      expect(await migrateUp({ db: handle.db })).toEqual([`applied ${name}`]);
      expect(await migrateDown({ db: handle.db })).toEqual([`reverted ${name}`]);
      expect(await migrateUp({ db: handle.db })).toEqual([`applied ${name}`]);
    }
    expect(await migrateUp({ db: handle.db })).toEqual([]);
  });
});
