import { z } from 'zod';
import { DECLINE_REASONS, TICKET_KINDS, TICKET_PRIORITIES, TICKET_STATUSES } from './tickets.models.js';
import { QUEUES, TICKET_SORTS } from './tickets.queues.js';
import { MATCH_REASONS } from './tickets.search.js';

const body = z.string().trim().min(1).max(50_000).describe('Markdown.');
const attachmentIds = z.array(z.uuid()).max(10).default([]).describe('Ids from POST /api/v1/attachments.');

export const createTicketBody = z
  .object({
    kind: z.enum(TICKET_KINDS),
    subject: z.string().trim().min(1).max(200),
    body,
    licenseKey: z.string().max(100).optional().describe("One of the customer's licenses."),
    site: z.string().trim().max(253).optional().describe("The site (domain) it concerns; defaults to the license's first domain."),
    customerEmail: z.string().trim().toLowerCase().email().optional().describe('Required when an agent opens a ticket for a customer.'),
    attachmentIds,
  })
  .meta({
    examples: [
      {
        kind: 'question',
        subject: 'Help installing DIAFAN.CMS',
        body: 'Order 1042: the installer stops at step 3.',
        customerEmail: 'ivan@example.com',
        licenseKey: 'DC-2026-0001',
      },
    ],
  });

export const addMessageBody = z.object({
  body,
  internal: z.boolean().default(false).describe('An internal note, seen by agents only.'),
  status: z.enum(['open', 'pending', 'resolved']).optional().describe("For an agent's public reply: the status after it (default pending)."),
  attachmentIds,
});

export const declineBody = z.object({
  reason: z.enum(DECLINE_REASONS),
  note: z.string().trim().max(5000).optional().describe("Added after the reason's standard explanation."),
});

export const patchTicketBody = z
  .object({
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(TICKET_PRIORITIES),
    tags: z.array(z.string().max(40)).max(20),
    subject: z.string().trim().min(1).max(200),
    kind: z.enum(TICKET_KINDS),
    assigneeId: z.uuid().nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.', params: { code: 'validation.nothing_to_change' } });

export const mergeBody = z.object({ targetId: z.uuid().describe('The ticket this one is a duplicate of.') });
export const ratingBody = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });

export const listTicketsQuery = z.object({
  queue: z.enum(QUEUES).default('all'),
  scope: z.enum(['active', 'archive', 'all']).default('all').describe('Customers: active (not closed) or archive (closed).'),
  kind: z.enum(TICKET_KINDS).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  assigneeId: z.union([z.uuid(), z.literal('none')]).optional(),
  tag: z.string().max(40).optional(),
  customerId: z.uuid().optional(),
  licenseKey: z.string().max(100).optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .describe(
      'Search: a ticket number (301 or #301), and for staff a customer email or name, a license key or a site domain; and words in subjects and messages.',
    ),
  createdFrom: z.iso.datetime({ offset: true }).optional().describe('Created at or after this instant.'),
  createdTo: z.iso.datetime({ offset: true }).optional().describe('Created before this instant.'),
  updatedFrom: z.iso.datetime({ offset: true }).optional().describe('Last changed at or after this instant.'),
  updatedTo: z.iso.datetime({ offset: true }).optional().describe('Last changed before this instant.'),
  sort: z.enum(TICKET_SORTS).optional().describe("The order instead of the queue's own."),
  customerEmail: z.string().trim().toLowerCase().email().max(254).optional().describe("Staff: the customer's tickets, by email."),
  updatedSince: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Tickets changed at or after this instant, oldest change first (for integrations keeping a copy); not with q or a queue.'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

/** A field agents and admins receive; customers' responses leave it out (their screens never show it). */
const staffOnly = <T extends z.ZodType>(schema: T) => schema.optional().describe('Agents and admins only; absent for customers.');

export const ticketSchema = z
  .object({
    id: z.string(),
    number: z.number(),
    kind: z.enum(TICKET_KINDS),
    subject: z.string(),
    status: z.enum(TICKET_STATUSES),
    priority: staffOnly(z.enum(TICKET_PRIORITIES)),
    customerId: z.string(),
    licenseKey: z.string().nullable(),
    site: z.string().nullable(),
    assigneeId: staffOnly(z.string().nullable()),
    tags: staffOnly(z.array(z.string())),
    replyDueAt: z.string().nullable().describe('When a reply is due (earliest waiting message); null when nothing waits, best effort, or no target.'),
    guaranteed: z.boolean(),
    breached: staffOnly(z.boolean()),
    waitingSince: z.string().nullable(),
    resolution: z.string().nullable(),
    declineReason: z.string().nullable(),
    followUpOf: z.string().nullable(),
    mergedInto: z.string().nullable(),
    rating: z.number().nullable(),
    ratingComment: z.string().nullable(),
    lastCustomerMessageAt: staffOnly(z.string().nullable()),
    lastAgentReplyAt: staffOnly(z.string().nullable()),
    createdAt: z.string(),
    updatedAt: z.string(),
    resolvedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .meta({
    examples: [
      {
        id: '0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6071',
        number: 1043,
        kind: 'question',
        subject: 'Help installing DIAFAN.CMS',
        status: 'open',
        priority: 'normal',
        customerId: '0193b2c4-0000-7000-8000-000000000001',
        licenseKey: 'DC-2026-0001',
        site: 'shop.example.com',
        assigneeId: null,
        tags: [],
        replyDueAt: '2026-11-23T09:00:00.000Z',
        guaranteed: true,
        breached: false,
        waitingSince: '2026-11-20T09:00:00.000Z',
        resolution: null,
        declineReason: null,
        followUpOf: null,
        mergedInto: null,
        rating: null,
        ratingComment: null,
        lastCustomerMessageAt: '2026-11-20T09:00:00.000Z',
        lastAgentReplyAt: null,
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
        resolvedAt: null,
        closedAt: null,
      },
    ],
  });

export const ticketListItemSchema = ticketSchema.extend({
  customer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  matchedBy: z.array(z.enum(MATCH_REASONS)).optional().describe('With q: why the ticket matched (number, email, name, license, domain, subject, message).'),
});

const attachmentSchema = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number(), url: z.string() });

export const messageSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  authorId: z.string().nullable(),
  authorRole: z.enum(['customer', 'agent', 'system']),
  internal: z.boolean(),
  body: z.string(),
  bodyHtml: z.string().describe('The body rendered from Markdown and sanitized.'),
  source: z.enum(['web', 'api', 'mail']),
  arrivedAt: z.string(),
  replyDueAt: z.string().nullable(),
  guaranteed: z.boolean(),
  waiting: z.boolean(),
  answeredAt: staffOnly(z.string().nullable()),
  outcome: staffOnly(z.enum(['met', 'breached', 'best_effort', 'no_target', 'withdrawn', 'unanswered']).nullable()),
  masked: z.boolean().describe('Something that looked like a password or key was masked before the message was stored; send credentials through the vault.'),
  attachments: z.array(attachmentSchema),
});

export const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});

export const ticketDetailSchema = z.object({
  ticket: ticketSchema,
  customer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  messages: z.array(messageSchema),
  events: z.array(eventSchema),
});

export const ticketAndMessageSchema = z.object({ ticket: ticketSchema, message: messageSchema, followUp: z.boolean() });

export const declineExplanationsSchema = z.record(
  z.enum(DECLINE_REASONS),
  z.object({ en: z.string().trim().min(1).max(5000), ru: z.string().trim().min(1).max(5000) }),
);
