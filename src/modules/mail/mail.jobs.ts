import { z } from 'zod';
import { defineJob, type JobDefinition, type JobSchedule } from '../../jobs/jobs.types.js';
import type { Logger } from '../../shared/logger.js';
import type { NotificationScans } from '../notifications/notifications.scans.js';
import type { MailDelivery } from './mail.delivery.js';
import type { MailboxPoller } from './mail.imap.js';
import type { MailSettings } from './mail.settings.js';

/**
 * The mail jobs: sending the outbox every few seconds, polling the mailboxes, and the notices that
 * come from time passing (reply due soon, breached, pending reminders). All run in the job runner.
 */
export function createMailJobs({
  settings,
  delivery,
  poller,
  scans,
  logger,
}: {
  settings: MailSettings;
  delivery: MailDelivery;
  poller: MailboxPoller;
  scans: NotificationScans;
  logger: Logger;
}): { definitions: JobDefinition<object>[]; schedules: JobSchedule[] } {
  if (!settings.outbound) logger.warn('mail is not configured (SUPPORTDESK_SMTP_HOST): mail waits in the outbox until it is');
  const definitions: JobDefinition<object>[] = [
    defineJob({ name: 'mail.deliver', payload: z.object({}), handle: async () => void (await delivery.deliverQueued()) }),
    defineJob({
      name: 'mail.notices',
      payload: z.object({}),
      handle: async () => {
        await scans.scanReplyDue();
        await scans.scanPendingReminders();
      },
    }),
    defineJob({ name: 'mail.poll', payload: z.object({}), handle: async () => void (await poller.pollAll()) }),
  ];
  const schedules: JobSchedule[] = [{ name: 'mail.notices', everyMs: 60_000 }];
  if (settings.outbound) schedules.push({ name: 'mail.deliver', everyMs: 5_000 });
  if (settings.mailboxes.length > 0) schedules.push({ name: 'mail.poll', everyMs: settings.imapPollMs });
  return { definitions, schedules };
}
