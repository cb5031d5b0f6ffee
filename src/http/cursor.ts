import type { DialectName } from '../db/database.js';
import { commonErrors } from '../shared/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Up to 16 digits, and on SQLite a fraction: SQLite keeps whatever number a writer stored (an
// older demo wrote fractional milliseconds), and paging must work over any stored data.
const SQLITE_NUMBER = /^\d{1,16}(\.\d{1,20})?$/;
const WHOLE_NUMBER = /^\d{1,16}$/;

/** A keyset cursor: the sort value and id of the last row, opaque to clients. */
export function encodeKeyset({ value, id }: { value: number; id: string }): string {
  // String(number) is the shortest text that reads back as the same double, fractions included.
  return Buffer.from(`${String(value)}:${id}`).toString('base64url');
}

/**
 * Reads a keyset cursor. A tampered one must not reach the database (a 24-digit number there is
 * a 500, not a 400); a fraction is refused on PostgreSQL, whose bigint columns never hold one.
 */
export function decodeKeyset(cursor: string, { dialect }: { dialect: DialectName }): { value: number; id: string } {
  const [text, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split(':');
  const pattern = dialect === 'sqlite' ? SQLITE_NUMBER : WHOLE_NUMBER;
  const value = Number(text);
  if (!text || !id || rest.length > 0 || !pattern.test(text) || !Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER || !UUID.test(id))
    throw commonErrors.invalidInput({ message: 'The cursor is not valid.', params: { field: 'cursor' } });
  return { value, id };
}

/** Keyset pagination cursors over (created_at, id). */
export function encodeCursor(row: { created_at: number; id: string }): string {
  return encodeKeyset({ value: row.created_at, id: row.id });
}

export function decodeCursor(cursor: string, { dialect }: { dialect: DialectName }): { createdAt: number; id: string } {
  const { value, id } = decodeKeyset(cursor, { dialect });
  return { createdAt: value, id };
}

/** Cuts a page from `limit + 1` rows and makes the next cursor when there are more. */
export function toPage<T extends { created_at: number; id: string }, U>(
  rows: T[],
  limit: number,
  present: (row: T) => U,
): { items: U[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(present), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
