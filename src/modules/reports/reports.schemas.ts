import { z } from 'zod';
import { TICKET_KINDS, DECLINE_REASONS } from '../tickets/tickets.models.js';
import { PERIOD_PRESETS } from './reports.models.js';

const localDate = z.iso.date().describe("A local date (YYYY-MM-DD) in the calendar's zone.");

export const reportQuery = z.object({
  preset: z.enum(PERIOD_PRESETS).optional().describe('A period counted from today in the calendar zone (weeks start on Monday); or give from and to.'),
  from: localDate.optional().describe("The period's first local date (inclusive)."),
  to: localDate.optional().describe("The period's last local date (inclusive)."),
  kind: z.enum(TICKET_KINDS).optional(),
  agentId: z.uuid().optional().describe('Admins: one agent. Agents always get their own figures.'),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  product: z.string().trim().min(1).max(200).optional().describe("The product of the ticket's license."),
});

const durations = z
  .object({ count: z.number(), p50: z.number().nullable(), p90: z.number().nullable(), p95: z.number().nullable() })
  .describe('Reply times in business milliseconds (nearest-rank percentiles), null without data.');
const byKind = z.object(Object.fromEntries(TICKET_KINDS.map((k) => [k, z.number()])) as Record<(typeof TICKET_KINDS)[number], z.ZodNumber>);
const fraction = z.number().nullable().describe('A share from 0 to 1, null when nothing was counted.');

export const reportResponse = z.object({
  period: z.object({ fromDate: z.string(), toDate: z.string(), from: z.string(), to: z.string(), timezone: z.string() }),
  volume: z.object({ newTickets: byKind, customerMessages: byKind }),
  replies: z.object({
    firstDistribution: z.array(z.number()).describe('First replies per business-time bucket: under 1, 2, 4, 8, 24, 48 hours, and the rest.'),
    first: durations,
    later: durations,
    answered: z.number(),
    sameDay: z.number(),
    sameDayShare: fraction,
  }),
  compliance: z.object({
    met: z.number(),
    breached: z.number().describe('Answered after the due time, or still waiting past it.'),
    waitingNotDue: z.number(),
    share: fraction,
  }),
  breaches: z.array(
    z.object({
      ticketId: z.string(),
      ticketNumber: z.number(),
      messageId: z.string(),
      arrivedAt: z.string(),
      replyDueAt: z.string(),
      answeredAt: z.string().nullable(),
      link: z.string().describe("The ticket's page in the agent workspace."),
    }),
  ),
  bestEffort: z
    .object({
      messages: z.number(),
      answered: z.number(),
      waiting: z.number(),
      first: durations,
      later: durations,
      sameDayShare: fraction,
    })
    .describe('Messages after the guarantee window (R5): counted apart, never breaches.'),
  declines: z.object(Object.fromEntries(DECLINE_REASONS.map((r) => [r, z.number()])) as Record<(typeof DECLINE_REASONS)[number], z.ZodNumber>),
  requests: z.object({ suggestion: z.number(), partnership: z.number(), answered: z.number() }),
  satisfaction: z.object({
    count: z.number(),
    average: z.number().nullable(),
    distribution: z.object({ '1': z.number(), '2': z.number(), '3': z.number(), '4': z.number(), '5': z.number() }),
    comments: z.array(z.object({ ticketId: z.string(), ticketNumber: z.number(), rating: z.number(), comment: z.string(), ratedAt: z.string() })),
  }),
  agents: z.array(
    z.object({
      agentId: z.string(),
      name: z.string(),
      replies: z.number(),
      firstReplies: z.number(),
      medianReplyMs: z.number().nullable(),
      met: z.number(),
      breached: z.number(),
      compliance: fraction,
      ratings: z.number(),
      satisfaction: z.number().nullable(),
    }),
  ),
  series: z.array(
    z.object({ date: z.string(), newTickets: z.number(), customerMessages: z.number(), met: z.number(), breached: z.number(), backlog: z.number() }),
  ),
});

export const expectationQuery = z.object({ kind: z.enum(TICKET_KINDS) });
export const expectationResponse = z.object({
  kind: z.enum(TICKET_KINDS),
  hours: z
    .number()
    .nullable()
    .describe('"Usually answered within N business hours": the median first reply of the last 30 days, rounded up; null with fewer than 20 first replies.'),
});
