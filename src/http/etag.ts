import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { defineError } from '../shared/errors.js';

const preconditionFailed = defineError(
  'request.precondition_failed',
  412,
  'The resource changed since you read it (If-Match does not match its ETag). Read it again and retry.',
);

/** A strong ETag for a stored representation (a row and what belongs to it). */
export function etagOf(value: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27)}"`;
}

/** 412 when the request's If-Match names neither the current ETag nor `*`; nothing when it has none. */
export function assertIfMatch(request: FastifyRequest, current: string): void {
  const header = request.headers['if-match'];
  if (header === undefined) return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes('*') && !tags.includes(current)) throw preconditionFailed({ headers: { etag: current } });
}

/**
 * Runs conditional writes on one resource one after another in this process, so two writers
 * holding the same ETag cannot both pass the check. (Processes sharing a PostgreSQL database do
 * not see each other's queue: there a narrow window remains.)
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(run, run);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
