import { z } from 'zod';
import { TICKET_KINDS, TICKET_STATUSES } from '../tickets/tickets.models.js';
import { QUEUES, TICKET_SORTS, type TicketFilters } from '../tickets/tickets.queues.js';

/** At most this many personal views per person, and this many shared ones. */
export const MAX_VIEWS = 30;

/** What a saved view holds: the queue it starts from and filters, as GET /api/v1/tickets takes them. */
export const viewFiltersSchema = z
  .object({
    queue: z.enum(QUEUES).default('all'),
    kind: z.enum(TICKET_KINDS).optional(),
    status: z.enum(TICKET_STATUSES).optional(),
    assigneeId: z.union([z.uuid(), z.literal('none')]).optional(),
    tag: z.string().trim().min(1).max(40).optional(),
    customerId: z.uuid().optional(),
    licenseKey: z.string().trim().min(1).max(100).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    createdFrom: z.iso.datetime({ offset: true }).optional(),
    createdTo: z.iso.datetime({ offset: true }).optional(),
    updatedFrom: z.iso.datetime({ offset: true }).optional(),
    updatedTo: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type ViewFilters = z.infer<typeof viewFiltersSchema>;
export const viewSortSchema = z.enum(TICKET_SORTS);

/** A view's filters as the ticket list applies them. */
export function toTicketFilters({ queue: _queue, createdFrom, createdTo, updatedFrom, updatedTo, ...rest }: ViewFilters): TicketFilters {
  const instant = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));
  return { ...rest, createdFrom: instant(createdFrom), createdTo: instant(createdTo), updatedFrom: instant(updatedFrom), updatedTo: instant(updatedTo) };
}

/** Filters as stored (JSON text); a stored view is read back through the schema, so old fields drop out. */
export function parseStoredFilters(text: string): ViewFilters {
  const parsed = viewFiltersSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : { queue: 'all' };
}
