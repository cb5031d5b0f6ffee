import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { createGroupCommitDialect, type GroupCommitStats } from './sqlite-driver.js';
import type { Database } from './types.js';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or a transaction on it: repositories accept both. */
export type DbOrTrx = Db | Trx;
export type DialectName = 'sqlite' | 'postgres';

export interface DbHandle {
  db: Db;
  dialect: DialectName;
  /** SQLite: how many transactions shared how many commits (see sqlite-driver.ts). */
  commitStats?: GroupCommitStats;
  close(): Promise<void>;
}

// pg returns int8 (bigint, used for instants) as strings to be safe past 2^53; epoch
// milliseconds and row counts stay far below that, so read them as numbers. Scoped to our pools.
const PG_INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Tightens a mode; a directory someone else owns (an operator's choice) is left as it is. */
export function chmodIfOwned(target: string, mode: number): void {
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/**
 * The database holds everything (password hashes, sessions, tickets): its directory is 0700 and its
 * files 0600, whatever the umask. SQLite gives the WAL and shared-memory files the mode of the
 * database file, so creating that one private is enough for new files; older ones are tightened.
 */
function makePrivateFiles(file: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodIfOwned(dir, 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Opens the configured database: PostgreSQL when a URL is given, else SQLite at `sqlitePath`. */
export function createDb(args: {
  databaseUrl?: string;
  sqlitePath?: string;
  pgSearchPath?: string;
  poolSize?: number;
  /**
   * PostgreSQL: a connection the server dropped (a restart, an outage). The pool replaces it by
   * itself; without a listener, Node would end the process on the client's 'error' event.
   */
  onConnectionError?: (error: Error) => void;
  /** Long-running processes: SQLite checkpoints on a worker thread instead of inside commits. */
  checkpointInBackground?: boolean;
  /**
   * SQLite: `full` (the default) flushes the WAL to disk at every commit, so an answered write
   * survives a power cut; `normal` skips that flush (faster; a power cut may lose the last commits).
   */
  sqliteSynchronous?: 'full' | 'normal';
  onBackgroundError?: (message: string) => void;
}): DbHandle {
  if (args.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: args.databaseUrl,
      max: args.poolSize ?? 10,
      types: pgTypes,
      options: args.pgSearchPath ? `-c search_path=${args.pgSearchPath}` : undefined,
      // While the database is away a request waits at most this long for a connection, then fails
      // (503 with Retry-After) instead of hanging; keep-alive finds a dead server behind a silent network.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // An idle client's error reaches the pool ('error'); a checked-out client's only the client.
    const onConnectionError = args.onConnectionError ?? (() => undefined);
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', onConnectionError));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = args.sqlitePath ?? ':memory:';
  if (file !== ':memory:') makePrivateFiles(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`synchronous = ${args.sqliteSynchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  // Freed pages are zeroed, so deleted secrets (the vault) do not linger in the file.
  sqlite.pragma('secure_delete = ON');
  const { dialect, stats } = createGroupCommitDialect(sqlite, file === ':memory:' ? null : openReader(file));
  const db = new Kysely<Database>({ dialect });
  const checkpointer = args.checkpointInBackground && file !== ':memory:' ? startCheckpointer({ sqlite, file, onError: args.onBackgroundError }) : undefined;
  return {
    db,
    dialect: 'sqlite',
    commitStats: stats,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** The connection for reads outside transactions: in WAL mode it sees only committed data. */
function openReader(file: string): SQLite.Database {
  const reader = new SQLite(file);
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');
  return reader;
}
