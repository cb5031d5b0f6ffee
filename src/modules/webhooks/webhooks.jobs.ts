import { z } from 'zod';
import { defineJob, type JobDefinition, type JobSchedule } from '../../jobs/jobs.types.js';
import type { WebhookSender } from './webhooks.delivery.js';
import type { WebhooksUsecases } from './webhooks.usecases.js';

const DAY = 24 * 3600_000;

/** Sending deliveries every few seconds, the breach scan every minute, and a daily purge of old logs. */
export function createWebhookJobs({ sender, webhooks }: { sender: WebhookSender; webhooks: WebhooksUsecases }): {
  definitions: JobDefinition<object>[];
  schedules: JobSchedule[];
} {
  return {
    definitions: [
      defineJob({ name: 'webhooks.deliver', payload: z.object({}), handle: async () => void (await sender.deliverDue()) }),
      defineJob({ name: 'webhooks.scan_breaches', payload: z.object({}), handle: async () => void (await webhooks.scanBreaches()) }),
      defineJob({ name: 'webhooks.purge', payload: z.object({}), handle: async () => webhooks.purgeOld({ olderThanMs: 30 * DAY }) }),
    ],
    schedules: [
      { name: 'webhooks.deliver', everyMs: 5_000 },
      { name: 'webhooks.scan_breaches', everyMs: 60_000 },
      { name: 'webhooks.purge', everyMs: DAY },
    ],
  };
}
