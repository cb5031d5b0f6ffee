import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { defineError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { IDEMPOTENCY_TTL_MS } from '../modules/idempotency/idempotency.repository.js';
import type { AppInstance } from './types.js';

/** A key still "being answered" after this long belongs to a request whose process died: a retry may take it over (long enough for a slow upload). */
const ABANDONED_AFTER_MS = 5 * 60_000;
/** How long a duplicate waits for the first request's answer before giving up with 409. */
const WAIT_FOR_FIRST_MS = 30_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
// Headers of the first answer worth replaying.
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'supportdesk-job-id'];

const invalidKey = defineError('idempotency.invalid_key', 400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
const keyReused = defineError('idempotency.key_reused', 409, 'This Idempotency-Key was already used for a different request.');
const inProgress = defineError('idempotency.in_progress', 409, 'A request with this Idempotency-Key is still being answered; retry shortly.');

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request answers first (its answer is stored for replays). */
    idempotency: { scope: string; key: string } | null;
  }
}

function hashRequest(request: FastifyRequest): string {
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  const body = request.body;
  if (Buffer.isBuffer(body)) hash.update(body);
  else if (body !== undefined && body !== null) hash.update(JSON.stringify(body));
  return hash.digest('hex');
}

/**
 * `Idempotency-Key` on every POST of a signed-in caller (creating a ticket, a message, an upload,
 * a webhook…): the first answer (any status below 500) is stored per caller and key and replayed
 * for 24 hours, with `Idempotent-Replayed: true`. Duplicates that arrive while the first is still
 * being answered wait for its answer, so 200 identical requests at once create one thing. A key
 * sent with a different method, path or body is refused (409).
 */
export function registerIdempotency(app: AppInstance, { db, clock, logger }: { db: Db; clock: Clock; logger: Logger }): void {
  // The first request's answer, for duplicates waiting in this process (others poll the table).
  const answered = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  app.decorateRequest('idempotency', null);

  async function claim({ scope, key, hash, now }: { scope: string; key: string; hash: string; now: number }): Promise<boolean> {
    const result = await db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: hash, status: 'pending', response_status: null, response_headers: null, response_body: null, created_at: now })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async function replay(reply: FastifyReply, row: { response_status: number | null; response_headers: string | null; response_body: string | null }) {
    const headers = JSON.parse(row.response_headers ?? '{}') as Record<string, string>;
    return reply
      .code(row.response_status ?? 200)
      .headers({ ...headers, 'idempotent-replayed': 'true' })
      .send(row.response_body ?? '');
  }

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const access = request.routeOptions.config.access;
    const principal = request.principal;
    if (!access || 'public' in access || !principal) return;
    const sent = request.headers['idempotency-key'];
    if (sent === undefined) return;
    if (typeof sent !== 'string' || !KEY_PATTERN.test(sent)) throw invalidKey();
    // Keys are the caller's own: two integrations may both send "order-1".
    const scope = principal.via === 'token' ? `token:${principal.tokenId}` : `user:${principal.user.id}`;
    const hash = hashRequest(request);
    const local = `${scope}\n${sent}`;
    const deadline = clock.now() + WAIT_FOR_FIRST_MS;
    for (let round = 0; ; round++) {
      const now = clock.now();
      if (await claim({ scope, key: sent, hash, now })) {
        request.idempotency = { scope, key: sent };
        let resolve = () => {};
        const promise = new Promise<void>((r) => (resolve = r));
        answered.set(local, { promise, resolve });
        return;
      }
      const row = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', sent).executeTakeFirst();
      if (!row) continue; // the first request failed (5xx) and let go of the key: try to take it
      if (row.created_at <= now - IDEMPOTENCY_TTL_MS || (row.status === 'pending' && row.created_at <= now - ABANDONED_AFTER_MS)) {
        await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', sent).where('created_at', '=', row.created_at).execute();
        continue;
      }
      if (row.request_hash !== hash) throw keyReused();
      if (row.status === 'done') return replay(reply, row);
      if (clock.now() >= deadline || round > 600) throw inProgress();
      const waiting = answered.get(local);
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // In this process the first request wakes its duplicates; another process's is polled for.
      await (waiting ? Promise.race([waiting.promise, pause(1000)]) : pause(50));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claimed = request.idempotency;
    if (!claimed) return payload;
    request.idempotency = null;
    const local = `${claimed.scope}\n${claimed.key}`;
    try {
      const where = db.updateTable('idempotency_keys').where('scope', '=', claimed.scope).where('key', '=', claimed.key);
      if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
        // Nothing to replay: a later retry runs again.
        await db.deleteFrom('idempotency_keys').where('scope', '=', claimed.scope).where('key', '=', claimed.key).execute();
      } else {
        const headers = Object.fromEntries(
          REPLAYED_HEADERS.map((name) => [name, reply.getHeader(name)]).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
        await where
          .set({ status: 'done', response_status: reply.statusCode, response_headers: JSON.stringify(headers), response_body: payload.toString() })
          .execute();
      }
    } catch (error) {
      logger.error({ err: error }, 'could not store the answer to an Idempotency-Key');
    } finally {
      answered.get(local)?.resolve();
      answered.delete(local);
    }
    return payload;
  });

  // A request that never reaches onSend (the connection dropped) still wakes its duplicates.
  app.addHook('onResponse', async (request) => {
    const claimed = request.idempotency;
    if (!claimed) return;
    const local = `${claimed.scope}\n${claimed.key}`;
    answered.get(local)?.resolve();
    answered.delete(local);
  });
}
