// The SQLite driver and its checkpoint thread: SQLite only by nature (PostgreSQL has its own
// pool and commits), so these tests do not run per dialect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './database.js';
import { AT_BATCH_COMMIT } from './sqlite-driver.js';

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let handle: DbHandle;
  let reader: SQLite.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-driver-'));
    file = path.join(dir, 'test.sqlite');
    handle = createDb({ sqlitePath: file });
    await sql`create table items (name text primary key, parent text references items (name) deferrable initially deferred)`.execute(handle.db);
    // A second connection sees only what is committed.
    reader = new SQLite(file, { readonly: true });
  });

  afterEach(async () => {
    reader.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const committed = () => (reader.prepare('select name from items order by name').all() as { name: string }[]).map((r) => r.name);
  const insert = (name: string, parent: string | null = null) =>
    handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name, parent) values (${name}, ${parent})`.execute(trx);
      return name;
    });

  it('transactions that arrive together share one commit, and each resolves only once its rows are committed', async () => {
    const before = { ...handle.commitStats! };
    const names = Array.from({ length: 20 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    const seenOnResolve: boolean[] = [];
    await Promise.all(names.map((name) => insert(name).then((n) => seenOnResolve.push(committed().includes(n)))));
    expect(seenOnResolve).toEqual(names.map(() => true));
    expect(committed()).toEqual(names);
    expect(handle.commitStats!.transactions - before.transactions).toBe(20);
    expect(handle.commitStats!.commits - before.commits).toBeLessThan(5);
  });

  it('a transaction that fails rolls back alone; the others in its batch commit', async () => {
    const results = await Promise.allSettled([
      insert('a'),
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into items (name) values ('doomed')`.execute(trx);
        throw new Error('changed my mind');
      }),
      insert('b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed()).toEqual(['a', 'b']);
  });

  it('a write outside any transaction is committed when it resolves, even inside an open batch', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name) values ('slow')`.execute(trx);
      await held;
    });
    const plain = sql`insert into items (name) values ('plain')`.execute(handle.db).then(() => committed().includes('plain'));
    release();
    await slow;
    expect(await plain).toBe(true);
  });

  it('when the batch cannot commit, every transaction in it fails and nothing is written', async () => {
    // A deferred foreign key is checked at COMMIT: one bad transaction makes the whole commit fail.
    const results = await Promise.allSettled([insert('good'), insert('orphan', 'nobody'), insert('also-good')]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(committed()).toEqual([]);
    // The connection is usable afterwards.
    await insert('later');
    expect(committed()).toEqual(['later']);
  });

  it('statements held for the batch commit run after every savepoint is released, and not at all for a rolled-back transaction', async () => {
    const held = (name: string) =>
      sql`${sql.raw(AT_BATCH_COMMIT)}insert into items (name) select ${name} where not exists (select 1 from items where name = ${name})`;
    let release!: () => void;
    const wait = new Promise<void>((resolve) => (release = resolve));
    const first = handle.db.transaction().execute(async (trx) => {
      await held('held').execute(trx);
      // Held, not run: the transaction itself does not see it yet.
      expect((await sql<{ n: number }>`select count(*) as n from items`.execute(trx)).rows[0]!.n).toBe(0);
      await wait;
    });
    const later = handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name, parent) values ('held', null)`.execute(trx); // the same row, written by a later transaction
    });
    const doomed = handle.db.transaction().execute(async (trx) => {
      await held('never').execute(trx);
      throw new Error('rolled back');
    });
    release();
    const results = await Promise.allSettled([first, later, doomed]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(committed()).toEqual(['held']);
    // Outside a transaction a marked statement simply runs.
    await held('plain').execute(handle.db);
    expect(committed()).toEqual(['held', 'plain']);
  });

  it('any mix of concurrent transactions, failures and plain writes commits exactly what succeeded, each before it resolves', async () => {
    const operation = fc.record({
      kind: fc.constantFrom('commit', 'fail', 'plain', 'held'),
      // Where the operation waits: not at all, a microtask, or a turn of the event loop.
      pause: fc.constantFrom('none', 'microtask', 'macrotask'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        run++;
        const pause = (how: string) => (how === 'microtask' ? Promise.resolve() : how === 'macrotask' ? new Promise((r) => setImmediate(r)) : undefined);
        const results = await Promise.allSettled(
          operations.map(async ({ kind, pause: how }, i) => {
            const name = `r${run}-${i}`;
            await pause(how);
            if (kind === 'plain') await sql`insert into items (name) values (${name})`.execute(handle.db);
            else
              await handle.db.transaction().execute(async (trx) => {
                if (kind === 'held')
                  await sql`${sql.raw(AT_BATCH_COMMIT)}insert into items (name) select ${name} where not exists (select 1 from items where name = ${name})`.execute(
                    trx,
                  );
                else await sql`insert into items (name) values (${name})`.execute(trx);
                await pause(how);
                if (kind === 'fail') throw new Error('rolled back');
              });
            if (!committed().includes(name)) throw new Error(`${name} resolved before it was committed`);
            return name;
          }),
        );
        const succeeded = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [[operations[i]!.kind, String(r.reason)]] : []));
        expect(failures.filter(([kind]) => kind !== 'fail')).toEqual([]);
        expect(
          committed()
            .filter((n) => n.startsWith(`r${run}-`))
            .sort(),
        ).toEqual(succeeded.sort());
      }),
      { numRuns: 40 },
    );
  });

  it('a checkpoint waits for no batch: the open batch commits first', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name) values ('x')`.execute(trx);
      await held;
    });
    const checkpoint = sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
    release();
    await tx;
    expect((await checkpoint).rows[0]).toMatchObject({ busy: 0 });
    expect(committed()).toEqual(['x']);
  });
});

describe('SQLite checkpoint thread', () => {
  async function rowsInMainFileAfterWrites(checkpointInBackground: boolean): Promise<number> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-checkpoint-'));
    const file = path.join(dir, 'test.sqlite');
    const handle = createDb({ sqlitePath: file, checkpointInBackground });
    try {
      await sql`create table items (name text primary key)`.execute(handle.db);
      for (let i = 0; i < 50; i++) await sql`insert into items (name) values (${`item-${i}`})`.execute(handle.db);
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A copy of the database file alone holds only what a checkpoint has moved out of the WAL.
      fs.copyFileSync(file, path.join(dir, 'copy.sqlite'));
      const copy = new SQLite(path.join(dir, 'copy.sqlite'));
      try {
        const exists = copy.prepare("select count(*) as n from sqlite_master where name = 'items'").get() as { n: number };
        return exists.n === 0 ? 0 : (copy.prepare('select count(*) as n from items').get() as { n: number }).n;
      } finally {
        copy.close();
      }
    } finally {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('moves committed pages into the database file without waiting for a commit to do it', async () => {
    expect(await rowsInMainFileAfterWrites(false)).toBe(0); // SQLite alone waits for 1000 pages
    expect(await rowsInMainFileAfterWrites(true)).toBe(50);
  });
});
