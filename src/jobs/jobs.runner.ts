import { hostname } from 'node:os';
import { classifyDatabaseFailure } from '../db/failures.js';
import type { Job } from '../db/types.js';
import type { Clock } from '../shared/clock.js';
import { createId } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { JobQueue } from './jobs.queue.js';
import type { JobDefinition, JobSchedule } from './jobs.types.js';

export type JobRunner = ReturnType<typeof createJobRunner>;

/**
 * Runs jobs from the queue in this process: polls, leases a batch, runs each handler, records
 * success or failure. Several runners (processes) may share one PostgreSQL queue.
 */
export function createJobRunner({
  queue,
  definitions,
  schedules = [],
  clock,
  logger,
  pollMs = 1000,
  leaseMs = 5 * 60_000,
  batchSize = 10,
}: {
  queue: JobQueue;
  definitions: JobDefinition<any>[];
  schedules?: JobSchedule[];
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
}) {
  const workerId = `${hostname()}:${process.pid}:${createId().slice(0, 8)}`;
  const byName = new Map(definitions.map((d) => [d.name, d]));
  let isRunning = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /**
   * Leased jobs that stopped because the database went away: they are handed back as soon as it
   * answers again, instead of waiting out their lease (minutes) and without counting the attempt.
   */
  const interrupted = new Map<string, Job>();

  async function handBackInterrupted(): Promise<void> {
    for (const job of [...interrupted.values()]) {
      await queue.release({ job, workerId, runAt: clock.now() });
      interrupted.delete(job.id);
    }
  }

  async function runJob(job: Job): Promise<void> {
    const definition = byName.get(job.name);
    try {
      if (!definition) throw new Error(`no handler for job "${job.name}"`);
      const payload = definition.payload.parse(JSON.parse(job.payload));
      const write = await definition.handle({ payload, job, reportProgress: (progress) => queue.reportProgress({ jobId: job.id, progress }) });
      const isCompleted = await queue.complete({ job, workerId, write: write ?? undefined });
      if (!isCompleted) logger.warn({ jobId: job.id, name: job.name }, 'job lease lost before completion; another worker will retry it');
    } catch (error) {
      // The queue cannot be written now either: stop this round (runDue hands the batch back later).
      if (classifyDatabaseFailure(error) === 'unavailable') throw error;
      const outcome = await queue.fail({ job, workerId, error: error instanceof Error ? error.message : String(error) });
      logger.error({ jobId: job.id, name: job.name, attempt: job.attempts, outcome, err: error }, 'job failed');
    }
  }

  async function enqueueSchedules(): Promise<void> {
    const now = clock.now();
    for (const s of schedules) {
      // One job per period across every process: the period number is part of the unique key.
      await queue.enqueue({ name: s.name, payload: s.payload, uniqueKey: `schedule:${s.name}:${Math.floor(now / s.everyMs)}`, maxAttempts: 3 });
    }
  }

  /** Runs everything that is due now, then returns how many jobs ran. For the loop, tests and the CLI. */
  async function runDue(): Promise<number> {
    await handBackInterrupted();
    await enqueueSchedules();
    let ran = 0;
    for (;;) {
      const jobs = await queue.claim({ workerId, limit: batchSize, leaseMs });
      if (jobs.length === 0) return ran;
      for (const [index, job] of jobs.entries()) {
        try {
          await runJob(job);
        } catch (error) {
          for (const unfinished of jobs.slice(index)) interrupted.set(unfinished.id, unfinished);
          throw error;
        }
      }
      ran += jobs.length;
    }
  }

  return {
    workerId,
    runDue,
    start(): void {
      if (isRunning) return;
      isRunning = true;
      loop = (async () => {
        while (isRunning) {
          try {
            await runDue();
          } catch (error) {
            if (classifyDatabaseFailure(error) === 'unavailable') logger.warn({ err: error }, 'job runner: the database is unreachable; polling again');
            else logger.error({ err: error }, 'job runner could not poll the queue');
          }
          if (!isRunning) break;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      })();
    },
    /** Asks the loop to poll now (after enqueueing something urgent). */
    poke(): void {
      wake?.();
    },
    async stop(): Promise<void> {
      isRunning = false;
      wake?.();
      await loop;
    },
  };
}
