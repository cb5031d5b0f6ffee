import { z } from 'zod';
import { ALL_KINDS } from './notifications.models.js';

const kinds = z.array(z.enum(ALL_KINDS as ['question', 'problem', 'emergency', 'suggestion', 'partnership']));

const fields = {
  ticketReceived: z.boolean().describe('Customers: "we received your request", with when a reply is due.'),
  agentReply: z.boolean().describe("Customers: an agent's reply, in full."),
  pendingReminder: z.boolean().describe('Customers: a reminder when a ticket waits for their answer.'),
  ticketResolved: z.boolean().describe('Customers: the ticket was resolved, with a rating link.'),
  newTicket: z.boolean().describe('Agents and admins: a new ticket of one of `newTicketKinds`.'),
  newTicketKinds: kinds.describe('Agents and admins: the kinds of new ticket they hear about ("their queues").'),
  customerReply: z.boolean().describe('Agents and admins: a customer replied on a ticket assigned to them.'),
  replyDueSoon: z.boolean().describe('Agents and admins: a reply is due within the lead time (assignee; everyone when unassigned).'),
  breached: z.boolean().describe('Agents and admins: a reply is overdue (assignee; everyone when unassigned).'),
  weeklySummary: z.boolean().describe("Admins: last week's report summary, on Mondays."),
};

export const preferencesSchema = z
  .object(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> })
  .describe('The optional mails of your role and whether you get them. Account, vault and inbound-mail answers always go.');

export const preferencesBody = preferencesSchema.strict();
