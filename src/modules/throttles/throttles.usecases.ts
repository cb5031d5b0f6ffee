import type { Db, DialectName } from '../../db/database.js';
import { lockNames } from '../../db/locks.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { decide, LONGEST_WINDOW_MS, POLICIES, type PolicyName } from './throttles.models.js';

export type Throttles = ReturnType<typeof createThrottles>;

/** One counted thing: a key and the policy it is held to. */
export interface ThrottleCheck {
  key: string;
  policy: PolicyName;
}

/** Attempts reserved together; release them when the attempt turned out not to count (a success). */
export interface Reservation {
  ids: string[];
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number };

// The hits live in the table first made for sign-in failures: (id, key, at), indexed by (key, at).
const TABLE = 'sign_in_failures';

/**
 * Throttles that hold under concurrency and across processes. An attempt is reserved (written)
 * before the expensive or side-effecting work it guards, in a transaction that holds a lock on each
 * key, so 200 parallel requests see each other's attempts instead of the same old count.
 */
export function createThrottles({ db, dialect, clock }: { db: Db; dialect: DialectName; clock: Clock }) {
  return {
    /** Reserves one attempt under every check, or none when any check refuses. */
    async reserve({ checks }: { checks: ThrottleCheck[] }): Promise<ReserveResult> {
      const keys = checks.map((c) => c.key);
      return db.transaction().execute(async (trx): Promise<ReserveResult> => {
        await lockNames({ trx, dialect, names: keys });
        const now = clock.now();
        const longest = Math.max(...checks.map((c) => POLICIES[c.policy].windowMs));
        const rows = await trx
          .selectFrom(TABLE)
          .select(['key', 'at'])
          .where('key', 'in', keys)
          .where('at', '>', now - longest)
          .execute();
        let retryAfterMs = 0;
        for (const check of checks) {
          const hits = rows.filter((r) => r.key === check.key).map((r) => Number(r.at));
          const decision = decide({ policy: POLICIES[check.policy], hits, now });
          if (!decision.allowed) retryAfterMs = Math.max(retryAfterMs, decision.retryAfterMs);
        }
        if (retryAfterMs > 0) return { ok: false, retryAfterMs };
        const values = checks.map((c) => ({ id: createId(), key: c.key, at: now }));
        await trx.insertInto(TABLE).values(values).execute();
        return { ok: true, reservation: { ids: values.map((v) => v.id) } };
      });
    },

    /** Gives reserved attempts back: the attempt succeeded, so it must not count against anyone. */
    async release({ reservation }: { reservation: Reservation }): Promise<void> {
      if (reservation.ids.length > 0) await db.deleteFrom(TABLE).where('id', 'in', reservation.ids).execute();
    },

    /** Forgets every attempt under a key (after a success that proves the earlier failures were the owner's). */
    async clear({ key }: { key: string }): Promise<void> {
      await db.deleteFrom(TABLE).where('key', '=', key).execute();
    },

    /** Housekeeping: drops attempts older than any window. */
    async purge(): Promise<number> {
      const result = await db
        .deleteFrom(TABLE)
        .where('at', '<', clock.now() - LONGEST_WINDOW_MS)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** The Retry-After header for a refusal, in whole seconds. */
export function retryAfterHeader(retryAfterMs: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
}
