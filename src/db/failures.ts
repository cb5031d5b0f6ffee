/**
 * What went wrong with the database, as far as a caller can act on it. Both drivers' errors are
 * told apart here, so the HTTP error path and /readyz answer the same way for both.
 *
 * - `unavailable`: the database cannot be reached now (PostgreSQL restarting, down, unreachable,
 *   out of connections). Try again shortly: 503 with Retry-After.
 * - `full`: the disk (or quota) under the database is full: 507, until someone frees space.
 * - `damaged`: the SQLite file is corrupt or not a database: 503, until it is restored.
 * - `io_error`: the disk under SQLite failed a read or write: 503.
 */
export type DatabaseFailure = 'unavailable' | 'full' | 'damaged' | 'io_error';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
// PostgreSQL SQLSTATEs: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections,
// insufficient_resources (and the whole 08 "connection exception" class, checked below).
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '53000']);
// disk_full.
const PG_FULL = new Set(['53100']);
// The pg driver's own messages for a connection that is gone or was never made.
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated unexpectedly',
  'terminating connection due to administrator command',
];

/** Classifies an error thrown by a query; undefined when it is not about the database's health. */
export function classifyDatabaseFailure(error: unknown): DatabaseFailure | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (code === 'SQLITE_FULL' || PG_FULL.has(code) || code === 'ENOSPC' || code === 'EDQUOT') return 'full';
      if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
      if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'io_error';
      // SQLITE_BUSY: another process held the write lock past busy_timeout (a backup, a CLI command).
      if (NETWORK_CODES.has(code) || PG_UNAVAILABLE.has(code) || /^08[0-9A-Z]{3}$/.test(code) || code.startsWith('SQLITE_BUSY')) return 'unavailable';
    }
    if (typeof message === 'string' && PG_CONNECTION_MESSAGES.some((m) => message.includes(m))) return 'unavailable';
    // AggregateError (several addresses refused) and wrapped causes.
    const inner = (current as { errors?: unknown[]; cause?: unknown }).errors?.[0] ?? (current as { cause?: unknown }).cause;
    current = inner;
  }
  return undefined;
}

/** How each failure is answered over HTTP: status, stable code, a safe message and when to retry. */
export const DATABASE_FAILURE_PROBLEMS: Record<DatabaseFailure, { status: number; code: string; detail: string; retryAfterSeconds: number }> = {
  unavailable: { status: 503, code: 'server.database_unreachable', detail: 'The database cannot be reached. Try again shortly.', retryAfterSeconds: 5 },
  full: { status: 507, code: 'server.storage_full', detail: 'The server has run out of disk space; nothing was saved.', retryAfterSeconds: 60 },
  damaged: { status: 503, code: 'server.database_damaged', detail: 'The database file is damaged; an administrator must restore it.', retryAfterSeconds: 300 },
  io_error: { status: 503, code: 'server.storage_error', detail: 'The server could not read or write its storage; nothing was saved.', retryAfterSeconds: 30 },
};
