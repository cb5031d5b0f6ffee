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

  it('a read outside a transaction never sees a batch that has not committed, even one that then fails', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A transaction whose savepoint is released into the batch, but whose commit will fail (deferred foreign key).
    const doomed = insert('orphan', 'nobody');
    // The next transaction keeps the batch open by holding the writer.
    const holder = handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name) values ('holder')`.execute(trx);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = sql<{ name: string }>`select name from items order by name`.execute(handle.db);
    release();
    await Promise.allSettled([doomed, holder]);
    expect(committed()).toEqual([]);
    expect((await read).rows).toEqual([]);
  });

  it('a read outside a transaction does not wait for the writer', async () => {
    await insert('before');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = handle.db.transaction().execute(async (trx) => {
      await sql`insert into items (name) values ('during')`.execute(trx);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const read = await Promise.race([
      sql<{ name: string }>`select name from items`.execute(handle.db).then((r) => r.rows.map((row) => row.name)),
      new Promise<string>((resolve) => setTimeout(() => resolve('waited for the writer'), 500)),
    ]);
    release();
    await holder;
    expect(read).toEqual(['before']);
  });

  it('an in-memory database (no second connection) commits the open batch before a read outside a transaction', async () => {
    const memory = createDb({ sqlitePath: ':memory:' });
    try {
      await sql`create table items (name text primary key, parent text references items (name) deferrable initially deferred)`.execute(memory.db);
      const insertInto = (name: string, parent: string | null = null) =>
        memory.db.transaction().execute(async (trx) => {
          await sql`insert into items (name, parent) values (${name}, ${parent})`.execute(trx);
        });
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const doomed = insertInto('orphan', 'nobody');
      const holder = memory.db.transaction().execute(async (trx) => {
        await sql`insert into items (name) values ('holder')`.execute(trx);
        await held;
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const read = sql<{ name: string }>`select name from items order by name`.execute(memory.db);
      release();
      const results = await Promise.allSettled([doomed, holder]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect((await read).rows).toEqual([]);
    } finally {
      await memory.close();
    }
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
      kind: fc.constantFrom('commit', 'fail', 'doomed', 'plain', 'held', 'read'),
      // Where the operation waits: not at all, a microtask, or a turn of the event loop.
      pause: fc.constantFrom('none', 'microtask', 'macrotask'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
        run++;
        const pause = (how: string) => (how === 'microtask' ? Promise.resolve() : how === 'macrotask' ? new Promise((r) => setImmediate(r)) : undefined);
        const seenByReads = new Set<string>();
        const results = await Promise.allSettled(
          operations.map(async ({ kind, pause: how }, i) => {
            const name = `r${run}-${i}`;
            await pause(how);
            if (kind === 'read') {
              const rows = await sql<{ name: string }>`select name from items`.execute(handle.db);
              for (const row of rows.rows) seenByReads.add(row.name);
              throw new Error('a read writes nothing');
            }
            if (kind === 'plain') await sql`insert into items (name) values (${name})`.execute(handle.db);
            else
              await handle.db.transaction().execute(async (trx) => {
                if (kind === 'held')
                  await sql`${sql.raw(AT_BATCH_COMMIT)}insert into items (name) select ${name} where not exists (select 1 from items where name = ${name})`.execute(
                    trx,
                  );
                // A doomed transaction's savepoint is released, but its batch's commit fails (deferred foreign key).
                else await sql`insert into items (name, parent) values (${name}, ${kind === 'doomed' ? 'nobody' : null})`.execute(trx);
                await pause(how);
                if (kind === 'fail') throw new Error('rolled back');
              });
            if (!committed().includes(name)) throw new Error(`${name} resolved before it was committed`);
            return name;
          }),
        );
        const succeeded = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [[operations[i]!.kind, String(r.reason)]] : []));
        const isDoomedRun = operations.some((o) => o.kind === 'doomed');
        // A doomed transaction fails its whole batch; without one, only deliberate failures fail.
        if (!isDoomedRun) expect(failures.filter(([kind]) => kind !== 'fail' && kind !== 'read')).toEqual([]);
        const nowCommitted = committed();
        expect(nowCommitted.filter((n) => n.startsWith(`r${run}-`)).sort()).toEqual(succeeded.sort());
        // No read ever saw a row that is not committed now.
        expect([...seenByReads].filter((n) => !nowCommitted.includes(n))).toEqual([]);
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
      // A copy of the database file alone holds only what a checkpoint has moved out of the WAL.
      const rowsInCopy = () => {
        fs.copyFileSync(file, path.join(dir, 'copy.sqlite'));
        const copy = new SQLite(path.join(dir, 'copy.sqlite'));
        try {
          const exists = copy.prepare("select count(*) as n from sqlite_master where name = 'items'").get() as { n: number };
          return exists.n === 0 ? 0 : (copy.prepare('select count(*) as n from items').get() as { n: number }).n;
        } finally {
          copy.close();
        }
      };
      // The thread checkpoints every 50 ms; on a busy machine give it a few seconds before concluding it did not.
      const deadline = Date.now() + 5_000;
      await new Promise((resolve) => setTimeout(resolve, 300));
      while (rowsInCopy() < 50 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      return rowsInCopy();
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
