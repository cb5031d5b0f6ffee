import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';

/** How long the first answer to an Idempotency-Key is replayed (src/http/idempotency.ts). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

/** Drops keys older than a day (job `idempotency.purge`). */
export async function purgeIdempotencyKeys({ db, clock }: { db: Db; clock: Clock }): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', clock.now() - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
