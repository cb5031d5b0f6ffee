import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { ADMINS } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { CHECKLIST_ITEMS } from './setup.models.js';

const setupStatusSchema = z.object({
  checklist: z
    .array(z.object({ item: z.enum(CHECKLIST_ITEMS), isDone: z.boolean() }))
    .describe("A new install's first steps, each ticked when done: the calendar's country holidays, reply targets, mail, the first agent."),
  holidays: z
    .object({
      missingYears: z.array(z.number()).describe('Years beginning within the horizon for which the calendar names no holiday.'),
      firstUncoveredDate: z.string().nullable(),
      horizonDays: z.number(),
      timezone: z.string(),
    })
    .describe('Whether the business calendar knows the holidays of the coming weeks.'),
});

export function registerSetupRoutes(app: AppInstance, { setup }: Pick<AppDeps, 'setup'>): void {
  app.get('/api/v1/admin/setup', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags: ['admin'],
      summary: "The first-run checklist and the calendar's holiday data for the next 60 days (admins)",
      response: { 200: setupStatusSchema, ...problemResponses },
    },
    handler: async () => setup.getStatus(),
  });
}
