import { commonErrors } from '../shared/errors.js';

/** Keyset pagination cursors: the (created_at, id) of the last row, opaque to clients. */
export function encodeCursor(row: { created_at: number; id: string }): string {
  return Buffer.from(`${row.created_at}:${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  // A tampered cursor must not reach the database (a 24-digit number there is a 500, not a 400).
  const createdAt = Number(at);
  if (!at || !id || !/^\d+$/.test(at) || !Number.isSafeInteger(createdAt) || !/^[0-9a-f-]{36}$/.test(id))
    throw commonErrors.invalidInput({ message: 'The cursor is not valid.' });
  return { createdAt, id };
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
