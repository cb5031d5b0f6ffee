// The job that brings stored reply-due times in line with a changed calendar or reply targets.
// The calendar feature only enqueues it (in the transaction that saves the change); the messages
// whose due times it rewrites belong to the tickets feature, which supplies the work itself.
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/jobs.types.js';
import type { Logger } from '../../shared/logger.js';

export const RECOMPUTE_DUE_JOB = 'calendar.recompute_due';

/** Why the job was enqueued; informative only, the job always recomputes from the current settings. */
export const recomputeDuePayload = z.object({ reason: z.enum(['calendar', 'reply_targets']).optional() });
export type RecomputeDuePayload = z.infer<typeof recomputeDuePayload>;

/** Recomputes `replyDueAt` of every message still waiting for a reply; reports progress as it goes. */
export type RecomputeWaitingReplyDue = (args: { reportProgress: (progress: { done: number; total: number }) => Promise<void> }) => Promise<{ updated: number }>;

/**
 * Until tickets exist no message waits for a reply, so there is nothing to recompute. The tickets
 * feature replaces this in `createDeps` with the real recomputation.
 */
export const recomputeNoWaitingMessages: RecomputeWaitingReplyDue = async ({ reportProgress }) => {
  await reportProgress({ done: 0, total: 0 });
  return { updated: 0 };
};

/** The `calendar.recompute_due` job definition. */
export function createRecomputeDueJob({
  recomputeWaitingReplyDue,
  logger,
}: {
  recomputeWaitingReplyDue: RecomputeWaitingReplyDue;
  logger: Logger;
}): JobDefinition<RecomputeDuePayload> {
  return defineJob({
    name: RECOMPUTE_DUE_JOB,
    payload: recomputeDuePayload,
    maxAttempts: 5,
    handle: async ({ payload, job, reportProgress }) => {
      const { updated } = await recomputeWaitingReplyDue({ reportProgress });
      logger.info({ jobId: job.id, reason: payload.reason, updated }, 'recomputed reply-due times');
    },
  });
}
