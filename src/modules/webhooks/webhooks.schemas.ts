import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhooks.models.js';

const EXAMPLE_ID = '0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6071';

export const subscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    status: z.enum(['active', 'paused']),
    pausedReason: z.enum(['admin', 'failing']).nullable().describe('failing: every delivery failed for a day; admin: paused by hand.'),
    failingSince: z.string().nullable().describe('Since when every attempt failed; null after a success.'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    examples: [
      {
        id: EXAMPLE_ID,
        url: 'https://shop.example.com/hooks/supportdesk',
        description: 'Shop CRM',
        events: ['ticket.created', 'ticket.resolved'],
        status: 'active',
        pausedReason: null,
        failingSince: null,
        createdAt: '2026-12-01T09:00:00.000Z',
        updatedAt: '2026-12-01T09:00:00.000Z',
      },
    ],
  });

export const subscriptionWithSecretSchema = subscriptionSchema
  .extend({ secret: z.string().describe('The signing secret; shown only when the subscription is created or its secret rotated.') })
  .meta({ examples: [{ id: EXAMPLE_ID, url: 'https://shop.example.com/hooks/supportdesk', events: ['ticket.created'], secret: 'whsec_…' }] });

const url = z.string().trim().max(2000).describe('http:// or https://; private, loopback and link-local addresses only when the settings allow them.');
const events = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);

export const createSubscriptionBody = z.object({ url, events, description: z.string().trim().max(200).default('') }).meta({
  examples: [{ url: 'https://shop.example.com/hooks/supportdesk', events: ['ticket.created', 'message.agent', 'ticket.resolved'], description: 'Shop CRM' }],
});

export const patchSubscriptionBody = z
  .object({ url, events, description: z.string().trim().max(200), status: z.enum(['active', 'paused']) })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change.')
  .meta({ examples: [{ status: 'active' }] });

export const webhookSettingsSchema = z
  .object({ allowPrivateTargets: z.boolean().describe('Allow private, loopback and link-local addresses (tests, on-premise receivers).') })
  .meta({ examples: [{ allowPrivateTargets: false }] });

export const subscriptionListSchema = z.object({
  items: z.array(subscriptionSchema),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).describe('Every event type that can be subscribed to.'),
  settings: webhookSettingsSchema,
});

export const deliverySchema = z.object({
  eventId: z.string().describe('The event id receivers deduplicate by (also in Supportdesk-Event-Id).'),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  ticketId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable().describe('While pending: when it is tried next.'),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  occurredAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const deliveryDetailSchema = deliverySchema.extend({
  requestBody: z.string().nullable().describe('The JSON body sent (null until the first attempt).'),
  attemptLog: z.array(
    z.object({
      attempt: z.number().int(),
      startedAt: z.string(),
      durationMs: z.number().int(),
      requestHeaders: z.record(z.string(), z.string()),
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
      responseBody: z.string().nullable().describe("The start of the receiver's answer."),
    }),
  ),
});

export const listDeliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional().describe('nextCursor of the previous page.'),
});

export const subscriptionParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid(), eventId: z.uuid() });
