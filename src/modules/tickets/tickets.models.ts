import type { TicketKind, TicketPriority, TicketStatus } from '../../db/types.js';

export const TICKET_KINDS = ['question', 'problem', 'emergency', 'suggestion', 'partnership'] as const satisfies readonly TicketKind[];
export const SUPPORT_KINDS: readonly TicketKind[] = ['question', 'problem', 'emergency'];
export const TICKET_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const satisfies readonly TicketStatus[];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TicketPriority[];
export const DECLINE_REASONS = ['out_of_scope', 'unclear', 'inaccurate_data', 'not_localizable'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** R1: questions, problems and emergencies need support entitlement; suggestions and partnership never do. */
export function isSupportKind(kind: TicketKind): boolean {
  return SUPPORT_KINDS.includes(kind);
}

/** What a customer message does to the ticket's status: any reply hands the turn back to support. */
export function statusAfterCustomerMessage(status: TicketStatus): TicketStatus | 'follow_up' {
  return status === 'closed' ? 'follow_up' : 'open';
}

/** A public agent reply hands the turn to the customer, unless the agent resolves at once. */
export function statusAfterAgentReply({ requested }: { requested?: 'pending' | 'resolved' | 'open' }): TicketStatus {
  return requested ?? 'pending';
}

/** Status changes an agent may make by hand. Closed is final; reopening comes from a customer reply. */
export function canAgentSetStatus({ from, to }: { from: TicketStatus; to: TicketStatus }): boolean {
  if (from === to) return false;
  if (from === 'closed') return false;
  return true;
}

/** A customer may resolve (withdraw) their own open or pending ticket; nothing else by hand. */
export function canCustomerSetStatus({ from, to }: { from: TicketStatus; to: TicketStatus }): boolean {
  return to === 'resolved' && (from === 'open' || from === 'pending');
}

/** Normalises tags: trimmed, lower-case, spaces as dashes, unique, at most 20 of 40 characters. */
export function normalizeTags(tags: readonly string[]): string[] {
  const clean = tags.map((t) => t.trim().toLowerCase().replace(/\s+/g, '-')).filter((t) => t.length > 0 && t.length <= 40);
  return [...new Set(clean)].slice(0, 20);
}

/** A thread idle this long warns the customer that a new ticket may be answered faster. */
export const IDLE_WARNING_MS = 7 * 24 * 3600_000;
