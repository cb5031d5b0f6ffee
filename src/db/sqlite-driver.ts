import type SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type SqliteDialectConfig } from 'kysely';

/**
 * SQLite with group commit.
 *
 * SQLite has one writer and a commit costs far more than the statements before it (the WAL
 * frames are written out, and now and then checkpointed). Under load many requests wait for the
 * one connection; committing each transaction alone made the commit most of a request's cost.
 *
 * Here every Kysely transaction runs as a savepoint inside a shared batch transaction. When a
 * transaction ends, its savepoint is released and the connection goes to the next waiter; the
 * batch commits when nobody waits, or when it holds `maxTransactions`, or when it is `maxWaitMs`
 * old. A transaction's `execute()` returns only after the batch holding it has committed, so a
 * caller never answers for data that is not yet committed; if the commit fails, every
 * transaction in the batch fails with its error. A transaction that fails rolls back to its own
 * savepoint and leaves the others alone. With nobody waiting it is a plain commit, so a quiet
 * server answers as soon as before.
 *
 * Reads never see an uncommitted batch. A read outside a transaction runs on a connection of its
 * own (`reader`), which in WAL mode sees only committed data, and takes no turn on the writer: a
 * request is never shown a ticket that a failed commit or a crash could still take back. A
 * connection holds the writer only once it begins a transaction or writes; from then on all its
 * statements run there. Reads inside a transaction see the batch's released savepoints, which is
 * safe: that transaction commits or fails with them. Without a reader (an in-memory database), a
 * read outside a transaction commits the open batch first.
 */
export interface GroupCommitOptions {
  /** Commit once the batch holds this many transactions, waiters or not. */
  maxTransactions?: number;
  /** Commit once the batch is this old (ms), waiters or not: bounds the added latency. */
  maxWaitMs?: number;
}

/**
 * A statement starting with this comment, run inside a transaction, is held until its batch
 * commits and then run outside any savepoint, in order (dropped if its transaction rolls back).
 * For FTS5 inserts: FTS5 writes out its pending index data at every savepoint, so one document per
 * savepoint made one index segment per ticket and merging them cost more than the rest of the
 * insert. Held, a batch's documents make one segment. The statement must allow for a change to the
 * same rows made later in the batch (write it as "insert … where not exists").
 */
export const AT_BATCH_COMMIT = '/* at batch commit */ ';

/** Statements SQLite refuses inside a transaction: the open batch commits before them. */
const OUTSIDE_TRANSACTION = /^\s*(vacuum|pragma\s+wal_checkpoint)/i;
const SAVEPOINT = 'sd_tx';

/** What the driver has done so far: transactions committed, and the commits that carried them. */
export interface GroupCommitStats {
  transactions: number;
  commits: number;
}

/**
 * `reader`: a second connection to the same file, for reads outside transactions (see above);
 * null for an in-memory database, which no second connection can see.
 */
export function createGroupCommitDialect(
  sqlite: SQLite.Database,
  reader: SQLite.Database | null,
  options: GroupCommitOptions = {},
): { dialect: SqliteDialect; stats: GroupCommitStats } {
  const stats: GroupCommitStats = { transactions: 0, commits: 0 };
  const config: SqliteDialectConfig = { database: sqlite };
  const dialect = new (class extends SqliteDialect {
    override createDriver(): Driver {
      return new GroupCommitDriver(sqlite, reader, options, stats);
    }
  })(config);
  return { dialect, stats };
}

interface HeldStatement {
  sql: string;
  parameters: readonly unknown[];
}

interface Batch {
  openedAt: number;
  members: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
  /** AT_BATCH_COMMIT statements of the transactions released into this batch. */
  held: HeldStatement[];
}

/** One Kysely connection, from acquire to release; it takes the writer when it first needs it. */
class Lease implements DatabaseConnection {
  holdsWriter = false;
  inTransaction = false;
  wrote = false;
  released = false;
  /** AT_BATCH_COMMIT statements of the open transaction. */
  held: HeldStatement[] = [];

  constructor(private readonly driver: GroupCommitDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.run<R>(this, compiledQuery);
  }

  // eslint-disable-next-line require-yield -- streaming is not used; refuse it clearly
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite here');
  }
}

class GroupCommitDriver implements Driver {
  private readonly statements = new Map<string, SQLite.Statement>();
  private readonly readerStatements = new Map<string, SQLite.Statement>();
  private readonly waiters: Array<() => void> = [];
  private locked = false;
  private batch: Batch | null = null;
  private isCommitScheduled = false;
  /** The scheduled commit found the connection taken: it happens when the connection is next free. */
  private commitWhenFree = false;
  private readonly maxTransactions: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly reader: SQLite.Database | null,
    options: GroupCommitOptions,
    private readonly stats: GroupCommitStats,
  ) {
    this.maxTransactions = options.maxTransactions ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 10;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this);
  }

  /** Waits for the writer connection and gives it to the lease until it is released. */
  private async takeWriter(lease: Lease): Promise<void> {
    if (lease.holdsWriter) return;
    if (this.locked) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.locked = true;
    lease.holdsWriter = true;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.takeWriter(connection as Lease);
    if (!this.batch) {
      this.exec('begin immediate');
      this.batch = { openedAt: Date.now(), members: [], held: [] };
    }
    this.exec(`savepoint ${SAVEPOINT}`);
    (connection as Lease).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.exec(`release ${SAVEPOINT}`);
    lease.inTransaction = false;
    this.batch?.held.push(...lease.held);
    lease.held = [];
    await this.handOver(lease, true);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Kysely also rolls back when the batch's commit failed: nothing of ours is left to undo.
    if (lease.released) return;
    lease.inTransaction = false;
    lease.held = [];
    if (this.sqlite.inTransaction) {
      this.exec(`rollback to ${SAVEPOINT}`);
      this.exec(`release ${SAVEPOINT}`);
    } else if (this.batch) {
      // SQLite rolled the whole batch back by itself (an I/O error, disk full): the others are lost too.
      this.settle(new Error('the database rolled back the transaction batch after an error'));
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return;
    if (!lease.holdsWriter) {
      lease.released = true;
      return;
    }
    if (lease.inTransaction) {
      // Kysely always commits or rolls back first; be safe if it did not.
      await this.rollbackTransaction(lease);
    }
    // A write outside a transaction that ran inside an open batch is as durable as the batch.
    await this.handOver(lease, lease.wrote && this.batch !== null);
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    void connection;
    void compileQuery;
    this.exec(`savepoint ${quoteName(name)}`);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    void connection;
    this.exec(`rollback to ${quoteName(name)}`);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    void connection;
    this.exec(`release ${quoteName(name)}`);
  }

  async destroy(): Promise<void> {
    if (this.batch) this.commitBatch();
    this.reader?.close();
    this.sqlite.close();
  }

  /** Runs one statement for a lease, preparing it once. */
  async run<R>(lease: Lease, { sql, parameters }: CompiledQuery): Promise<QueryResult<R>> {
    if (lease.inTransaction && sql.startsWith(AT_BATCH_COMMIT)) {
      lease.held.push({ sql, parameters });
      return { rows: [] };
    }
    if (!lease.holdsWriter) {
      const committedRead = this.readCommitted<R>(sql, parameters);
      if (committedRead) return committedRead;
      await this.takeWriter(lease);
      // Without a reader, this read must not see the open batch: commit it first.
      if (!this.reader && this.batch && this.prepare(sql).readonly) this.commitBatch();
    }
    if (!lease.inTransaction && this.batch && OUTSIDE_TRANSACTION.test(sql)) this.commitBatch();
    const statement = this.prepare(sql);
    if (!statement.readonly) lease.wrote = true;
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  /** A read-only statement on the reader connection, which sees only committed data; null for anything else. */
  private readCommitted<R>(sql: string, parameters: readonly unknown[]): QueryResult<R> | null {
    if (!this.reader || OUTSIDE_TRANSACTION.test(sql)) return null;
    let statement: SQLite.Statement;
    try {
      statement = cachedPrepare(this.reader, this.readerStatements, sql);
    } catch {
      return null; // e.g. a write naming a table the open batch creates: the writer runs it
    }
    if (!statement.readonly || !statement.reader) return null;
    return { rows: statement.all(parameters) as R[] };
  }

  private prepare(sql: string): SQLite.Statement {
    return cachedPrepare(this.sqlite, this.statements, sql);
  }

  private exec(sql: string): void {
    this.prepare(sql).run();
  }

  /**
   * Gives the connection to the next waiter. With `join`, the lease's writes belong to the open
   * batch and this resolves once the batch has committed.
   */
  private handOver(lease: Lease, join: boolean): Promise<void> {
    lease.released = true;
    lease.holdsWriter = false;
    const batch = this.batch;
    const committed = join && batch ? new Promise<void>((resolve, reject) => batch.members.push({ resolve, reject })) : Promise.resolve();
    if (batch && (batch.members.length >= this.maxTransactions || Date.now() - batch.openedAt >= this.maxWaitMs)) this.commitBatch();
    else if (batch) this.scheduleCommit();
    this.passConnection();
    return committed;
  }

  /** Commits at the end of this turn of the event loop, so the requests read in it can join first. */
  private scheduleCommit(): void {
    if (this.isCommitScheduled) return;
    this.isCommitScheduled = true;
    setImmediate(() => {
      this.isCommitScheduled = false;
      if (!this.batch) return;
      // Someone is inside a transaction of this batch: commit once they let go of the connection.
      if (this.locked) this.commitWhenFree = true;
      else this.commitBatch();
    });
  }

  private passConnection(): void {
    const next = this.waiters.shift();
    if (next) return next();
    this.locked = false;
    if (this.commitWhenFree) {
      this.commitWhenFree = false;
      if (this.batch) this.commitBatch();
    }
  }

  private commitBatch(): void {
    try {
      for (const { sql, parameters } of this.batch?.held ?? []) this.prepare(sql).run(parameters);
      this.exec('commit');
      this.stats.commits++;
      this.stats.transactions += this.batch?.members.length ?? 0;
      this.settle(null);
    } catch (error) {
      if (this.sqlite.inTransaction) this.exec('rollback');
      this.settle(error);
    }
  }

  private settle(error: unknown): void {
    const members = this.batch?.members ?? [];
    this.batch = null;
    for (const member of members) {
      if (error) member.reject(error);
      else member.resolve();
    }
  }
}

function cachedPrepare(connection: SQLite.Database, cache: Map<string, SQLite.Statement>, sql: string): SQLite.Statement {
  let statement = cache.get(sql);
  if (!statement) {
    statement = connection.prepare(sql);
    if (cache.size >= 1000) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
  }
  return statement;
}

function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
