import type { Db, DbOrTrx, DialectName, Trx } from '../db/database.js';
import type { Job } from '../db/types.js';
import type { Clock } from '../shared/clock.js';
import { createId } from '../shared/ids.js';

export type JobQueue = ReturnType<typeof createJobQueue>;

/** Retry delay after the n-th failed attempt: 10 s, 20 s, 40 s, … capped at one hour. */
export function computeBackoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3600_000);
}

/** The job table as a queue, safe with several processes on PostgreSQL (FOR UPDATE SKIP LOCKED). */
export function createJobQueue({ db, dialect, clock }: { db: Db; dialect: DialectName; clock: Clock }) {
  return {
    /** Adds a job, in the caller's transaction when given; a repeated `uniqueKey` adds nothing. */
    async enqueue({
      trx,
      name,
      payload,
      runAt,
      uniqueKey,
      maxAttempts = 8,
    }: {
      trx?: DbOrTrx;
      name: string;
      payload?: unknown;
      runAt?: number;
      uniqueKey?: string;
      maxAttempts?: number;
    }): Promise<{ id: string } | undefined> {
      const now = clock.now();
      const id = createId();
      const result = await (trx ?? db)
        .insertInto('jobs')
        .values({
          id,
          name,
          payload: JSON.stringify(payload ?? {}),
          status: 'queued',
          unique_key: uniqueKey ?? null,
          run_at: runAt ?? now,
          attempts: 0,
          max_attempts: maxAttempts,
          locked_by: null,
          locked_until: null,
          last_error: null,
          progress: null,
          created_at: now,
          updated_at: now,
          finished_at: null,
        })
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 1n) > 0 ? { id } : undefined;
    },

    /**
     * Leases up to `limit` runnable jobs to `workerId`: queued ones that are due, and running ones
     * whose lease ran out (their process died). Each job is leased by one worker at a time.
     */
    async claim({ workerId, limit, leaseMs }: { workerId: string; limit: number; leaseMs: number }): Promise<Job[]> {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        let candidates = trx
          .selectFrom('jobs')
          .select('id')
          .where((eb) =>
            eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]),
          )
          .orderBy('run_at')
          .limit(limit);
        if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
        const ids = (await candidates.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        return trx
          .updateTable('jobs')
          .set((eb) => ({ status: 'running', locked_by: workerId, locked_until: now + leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('id', 'in', ids)
          .returningAll()
          .execute();
      });
    },

    /** Marks a leased job done, running `write` in the same transaction; false if the lease was lost. */
    async complete({ job, workerId, write }: { job: Job; workerId: string; write?: (trx: Trx) => Promise<void> }): Promise<boolean> {
      const now = clock.now();
      try {
        await db.transaction().execute(async (trx) => {
          if (write) await write(trx);
          const result = await trx
            .updateTable('jobs')
            .set({ status: 'done', finished_at: now, updated_at: now, locked_until: null, last_error: null })
            .where('id', '=', job.id)
            .where('locked_by', '=', workerId)
            .where('status', '=', 'running')
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) throw new LeaseLostError();
        });
        return true;
      } catch (error) {
        if (error instanceof LeaseLostError) return false;
        throw error;
      }
    },

    /** Records a failed attempt: retried later with backoff, or failed for good after the last attempt. */
    async fail({ job, workerId, error }: { job: Job; workerId: string; error: string }): Promise<'retry' | 'failed'> {
      const now = clock.now();
      const isFinal = job.attempts >= job.max_attempts;
      await db
        .updateTable('jobs')
        .set({
          status: isFinal ? 'failed' : 'queued',
          run_at: isFinal ? job.run_at : now + computeBackoffMs(job.attempts),
          locked_by: null,
          locked_until: null,
          last_error: error.slice(0, 2000),
          updated_at: now,
          finished_at: isFinal ? now : null,
        })
        .where('id', '=', job.id)
        .where('locked_by', '=', workerId)
        .execute();
      return isFinal ? 'failed' : 'retry';
    },

    /**
     * Hands a leased job back without counting the attempt (the database was away, which says
     * nothing about the job): queued again from `runAt`. False if the lease was lost meanwhile.
     */
    async release({ job, workerId, runAt }: { job: Job; workerId: string; runAt: number }): Promise<boolean> {
      const result = await db
        .updateTable('jobs')
        .set((eb) => ({
          status: 'queued',
          run_at: runAt,
          attempts: eb('attempts', '-', 1),
          locked_by: null,
          locked_until: null,
          updated_at: clock.now(),
        }))
        .where('id', '=', job.id)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async reportProgress({ jobId, progress }: { jobId: string; progress: { done: number; total: number } }): Promise<void> {
      await db
        .updateTable('jobs')
        .set({ progress: JSON.stringify(progress), updated_at: clock.now() })
        .where('id', '=', jobId)
        .execute();
    },

    async findJob({ id }: { id: string }): Promise<Job | undefined> {
      return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Drops finished jobs older than `olderThanMs`. */
    async purgeFinished({ olderThanMs }: { olderThanMs: number }): Promise<number> {
      const result = await db
        .deleteFrom('jobs')
        .where('status', 'in', ['done', 'failed'])
        .where('finished_at', '<', clock.now() - olderThanMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

class LeaseLostError extends Error {}
