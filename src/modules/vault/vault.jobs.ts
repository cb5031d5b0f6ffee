import { z } from 'zod';
import { defineJob, type JobSchedule } from '../../jobs/jobs.types.js';
import type { VaultUsecases } from './vault.usecases.js';

export const VAULT_SWEEP_JOB = 'vault.sweep';

/**
 * Destroys secrets whose ticket ended or whose time ran out, and sends the reminders that are due.
 * Ticket changes already trigger a sweep of their ticket in the process that made them; this job,
 * every minute from the job table, is what survives restarts and covers every other way a ticket ends.
 */
export function createVaultSweepJob({ vault }: { vault: VaultUsecases }) {
  return defineJob({
    name: VAULT_SWEEP_JOB,
    payload: z.object({}),
    handle: async () => {
      await vault.lifecycle.sweep();
    },
  });
}

export const VAULT_SWEEP_SCHEDULE: JobSchedule = { name: VAULT_SWEEP_JOB, everyMs: 60_000 };
