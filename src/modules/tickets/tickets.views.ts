import type { Attachment, Ticket, TicketEvent, TicketMessage } from '../../db/types.js';
import { isBreached } from './tickets.clock.js';
import { hasMaskedSecrets } from '../vault/vault.secrets.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** What may leave the server about a ticket. */
export function toTicketView({ ticket, tags, now, licenseKey }: { ticket: Ticket; tags: string[]; now: number; licenseKey?: string | null }) {
  return {
    id: ticket.id,
    number: ticket.number,
    kind: ticket.kind,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    customerId: ticket.customer_id,
    licenseKey: licenseKey ?? null,
    site: ticket.site,
    assigneeId: ticket.assignee_id,
    tags,
    replyDueAt: iso(ticket.reply_due_at),
    guaranteed: ticket.is_guaranteed === 1,
    breached: isBreached({ replyDueAt: ticket.reply_due_at, now }),
    waitingSince: iso(ticket.waiting_since),
    resolution: ticket.resolution,
    declineReason: ticket.decline_reason,
    followUpOf: ticket.follow_up_of,
    mergedInto: ticket.merged_into,
    rating: ticket.rating,
    ratingComment: ticket.rating_comment,
    lastCustomerMessageAt: iso(ticket.last_customer_message_at),
    lastAgentReplyAt: iso(ticket.last_agent_reply_at),
    createdAt: iso(ticket.created_at)!,
    updatedAt: iso(ticket.updated_at)!,
    resolvedAt: iso(ticket.resolved_at),
    closedAt: iso(ticket.closed_at),
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

/** Fields of a ticket only agents' screens show: how support organises and measures its work. */
const STAFF_ONLY_TICKET_FIELDS = ['priority', 'assigneeId', 'tags', 'breached', 'lastCustomerMessageAt', 'lastAgentReplyAt'] as const;
/** Fields of a message only agents' screens show: the service-level outcome of each waiting message. */
const STAFF_ONLY_MESSAGE_FIELDS = ['answeredAt', 'outcome'] as const;

function without<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

/** A ticket as its viewer's screens show it: customers never receive support's internal fields (finding 8). */
export function ticketForViewer<T extends TicketView>(view: T, { isStaff }: { isStaff: boolean }): T | Omit<T, (typeof STAFF_ONLY_TICKET_FIELDS)[number]> {
  return isStaff ? view : without(view, STAFF_ONLY_TICKET_FIELDS);
}

/** A message as its viewer's screens show it. */
export function messageForViewer(
  view: MessageView,
  { isStaff }: { isStaff: boolean },
): MessageView | Omit<MessageView, (typeof STAFF_ONLY_MESSAGE_FIELDS)[number]> {
  return isStaff ? view : without(view, STAFF_ONLY_MESSAGE_FIELDS);
}

export function toAttachmentView(a: Attachment) {
  return { id: a.id, fileName: a.file_name, contentType: a.content_type, size: a.size, url: `/api/v1/attachments/${a.id}` };
}

/** A message as its viewer may see it; the reply clock of customer messages is shown to everyone. */
export function toMessageView({ message, attachments }: { message: TicketMessage; attachments: Attachment[] }) {
  return {
    id: message.id,
    ticketId: message.ticket_id,
    authorId: message.author_id,
    authorRole: message.author_role,
    internal: message.visibility === 'internal',
    body: message.body,
    bodyHtml: message.body_html,
    source: message.source,
    arrivedAt: iso(message.arrived_at)!,
    replyDueAt: iso(message.reply_due_at),
    guaranteed: message.is_guaranteed === 1,
    waiting: message.is_waiting === 1,
    answeredAt: iso(message.answered_at),
    outcome: message.outcome,
    // The customer wrote something that looked like credentials; it was masked before storing (R7).
    masked: message.author_role === 'customer' && hasMaskedSecrets(message.body),
    attachments: attachments.map(toAttachmentView),
  };
}

export type MessageView = ReturnType<typeof toMessageView>;

export function toEventView(event: TicketEvent) {
  return { id: event.id, type: event.type, actorId: event.actor_id, data: JSON.parse(event.data) as Record<string, unknown>, at: iso(event.created_at)! };
}
