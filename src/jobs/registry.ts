import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { purgeIdempotencyKeys } from '../modules/idempotency/idempotency.repository.js';
import { createRecomputeDueJob } from '../modules/calendar/calendar.recompute.js';
import { createMailJobs } from '../modules/mail/mail.jobs.js';
import { createTicketCreatedJob } from '../modules/notifications/notifications.jobs.js';
import { createAutoAssignJob } from '../modules/tickets/tickets.assignment.js';
import { createVaultSweepJob, VAULT_SWEEP_SCHEDULE } from '../modules/vault/vault.jobs.js';
import { createWebhookJobs } from '../modules/webhooks/webhooks.jobs.js';
import { createWeeklySummary, createWeeklySummaryJob, WEEKLY_SUMMARY_JOB } from '../modules/reports/reports.weekly.js';
import { PRODUCT_NAME } from '../deps.js';
import { defineJob, type JobDefinition, type JobSchedule } from './jobs.types.js';

const HOUR = 3600_000;

/** Every kind of background job, and the ones that run on a schedule. */
export function createJobRegistry(deps: AppDeps): { definitions: JobDefinition<any>[]; schedules: JobSchedule[] } {
  const weeklySummary = createWeeklySummary({
    db: deps.db,
    clock: deps.clock,
    reports: deps.reports,
    outbox: deps.mail,
    logger: deps.logger,
    productName: PRODUCT_NAME,
    publicUrl: deps.config.publicUrl,
  });
  const definitions = [
    createWeeklySummaryJob(weeklySummary),
    defineJob({
      name: 'auth.purge_expired',
      payload: z.object({}),
      handle: async () => {
        const purged = await deps.auth.purgeExpired();
        deps.logger.debug({ purged }, 'purged expired sessions and sign-in failures');
      },
    }),
    defineJob({
      name: 'jobs.purge_finished',
      payload: z.object({}),
      handle: async () => {
        await deps.jobs.purgeFinished({ olderThanMs: 7 * 24 * HOUR });
      },
    }),
    defineJob({
      name: 'idempotency.purge',
      payload: z.object({}),
      handle: async () => void (await purgeIdempotencyKeys({ db: deps.db, clock: deps.clock })),
    }),
    createRecomputeDueJob({ recomputeWaitingReplyDue: deps.recomputeWaitingReplyDue, logger: deps.logger }),
    createAutoAssignJob({ assignment: deps.assignment, logger: deps.logger }),
    createTicketCreatedJob({ notify: deps.notify }),
    createVaultSweepJob({ vault: deps.vault }),
    defineJob({
      name: 'attachments.purge_orphans',
      payload: z.object({}),
      handle: async () => {
        const purged = await deps.attachments.purgeOrphans();
        deps.logger.info(purged, 'purged unattached uploads and unreferenced attachment files');
      },
    }),
    defineJob({
      name: 'tickets.close_resolved',
      payload: z.object({}),
      handle: async () => {
        const { closed } = await deps.ticketActions.closeStaleResolved({ afterMs: deps.config.autoCloseDays * 24 * HOUR });
        if (closed > 0) deps.logger.info({ closed }, 'closed resolved tickets without a customer reply');
      },
    }),
    defineJob({
      name: 'suggestions.purge',
      payload: z.object({}),
      handle: async () => {
        const purged = await deps.suggestions.purgeUnconfirmed();
        if (purged > 0) deps.logger.info({ purged }, 'forgot public form requests never confirmed');
      },
    }),
    defineJob({
      name: 'setup.check_holidays',
      payload: z.object({}),
      handle: async () => {
        await deps.setup.noticeHolidayGaps();
      },
    }),
  ];
  const schedules: JobSchedule[] = [
    VAULT_SWEEP_SCHEDULE,
    { name: 'auth.purge_expired', everyMs: HOUR },
    { name: 'jobs.purge_finished', everyMs: 24 * HOUR },
    { name: 'attachments.purge_orphans', everyMs: 24 * HOUR },
    { name: 'tickets.close_resolved', everyMs: HOUR },
    { name: 'idempotency.purge', everyMs: HOUR },
    { name: 'suggestions.purge', everyMs: 24 * HOUR },
    { name: 'setup.check_holidays', everyMs: 6 * HOUR },
    // Hourly, so the summary goes early on Monday; the notice row makes it once per week.
    { name: WEEKLY_SUMMARY_JOB, everyMs: HOUR },
  ];
  const mail = createMailJobs({ ...deps.mailer, logger: deps.logger });
  definitions.push(...mail.definitions);
  schedules.push(...mail.schedules);
  const webhooks = createWebhookJobs({ sender: deps.webhookSender, webhooks: deps.webhooks });
  definitions.push(...webhooks.definitions);
  schedules.push(...webhooks.schedules);
  return { definitions, schedules };
}
