import { z } from 'zod';

const CHANGE_TYPES = ['ticket.created', 'ticket.updated', 'ticket.message', 'ticket.typing'] as const;

/** A ticket change as it travels between processes (NOTIFY payload); checked before it reaches viewers. */
export const relayedChangeSchema = z.object({
  type: z.enum(CHANGE_TYPES),
  ticketId: z.string().min(1),
  ticketNumber: z.number().int(),
  customerId: z.string().min(1),
  isInternal: z.boolean(),
  at: z.number(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
});

/** The stream's documentation: its frames are text, not JSON. */
export const eventStreamResponse = {
  description: [
    'A `text/event-stream`. Each change is a frame `id: <n>`, `event: <type>`, `data: <json>` where the type is',
    '`ticket.created`, `ticket.updated`, `ticket.message` or (agents only) `ticket.typing`, and the data is',
    '`{"ticketId","ticketNumber","type","at"}` (typing adds `agentId` and `agentName`): ids only, never message bodies,',
    'so refetch what you show. Agents receive every change; a customer only the public changes of their own tickets.',
    'A `: heartbeat` comment comes every 25 s. Nothing is replayed after a reconnect (`Last-Event-ID` is accepted',
    'and ignored): refetch instead.',
  ].join(' '),
  content: { 'text/event-stream': { schema: z.string() } },
};
