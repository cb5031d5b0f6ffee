import { commonErrors } from '../shared/errors.js';

/** Keyset pagination cursors: the (created_at, id) of the last row, opaque to clients. */
export function encodeCursor(row: { created_at: number; id: string }): string {
  return Buffer.from(`${row.created_at}:${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!at || !id || !/^\d+$/.test(at)) throw commonErrors.invalidInput({ message: 'The cursor is not valid.' });
  return { createdAt: Number(at), id };
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
