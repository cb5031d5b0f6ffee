import type { ZodType } from 'zod';
import type { Trx } from '../db/database.js';
import type { Job } from '../db/types.js';

export interface JobContext<P> {
  payload: P;
  job: Job;
  /** Records how far the job is, for people watching it (e.g. "1200 of 5000"). */
  reportProgress(progress: { done: number; total: number }): Promise<void>;
}

/**
 * A kind of background job. `handle` does the work; if it returns a function, that function's
 * database writes run in the same transaction that marks the job done, so they happen exactly once.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  payload: ZodType<P>;
  maxAttempts?: number;
  handle(ctx: JobContext<P>): Promise<void | ((trx: Trx) => Promise<void>)>;
}

/** A job that is enqueued by itself every `everyMs`, once across all processes. */
export interface JobSchedule {
  name: string;
  everyMs: number;
  payload?: unknown;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
