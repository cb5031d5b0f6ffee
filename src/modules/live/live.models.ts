import type { TicketChange } from '../tickets/tickets.events.js';

/** Who watches a live stream: decided once when the stream opens (and re-checked on heartbeats). */
export interface LiveViewer {
  id: string;
  isStaff: boolean;
}

/** Agents learn of every change; a customer only of their own tickets' public changes; presence is for staff. */
export function isVisibleTo({ change, viewer }: { change: TicketChange; viewer: LiveViewer }): boolean {
  // An agent does not need to be told that they themselves are replying.
  if (change.type === 'ticket.typing') return viewer.isStaff && change.agentId !== viewer.id;
  if (viewer.isStaff) return true;
  return change.customerId === viewer.id && !change.isInternal;
}

/** What a viewer is told: ids only, never bodies (the client refetches what it shows). */
export function toLiveEventData(change: TicketChange): Record<string, string | number> {
  const data: Record<string, string | number> = {
    ticketId: change.ticketId,
    ticketNumber: change.ticketNumber,
    type: change.type,
    at: new Date(change.at).toISOString(),
  };
  if (change.type === 'ticket.typing') {
    data.agentId = change.agentId ?? '';
    data.agentName = change.agentName ?? '';
  }
  return data;
}

/** One Server-Sent Events frame (`id`, `event`, one `data` line; JSON holds no raw newlines). */
export function formatSseEvent({ id, change }: { id: number; change: TicketChange }): string {
  return `id: ${id}\nevent: ${change.type}\ndata: ${JSON.stringify(toLiveEventData(change))}\n\n`;
}

/** Presence is announced at most once per agent and ticket in this window. */
export const TYPING_INTERVAL_MS = 3000;

/** True when the same agent announced typing on the same ticket less than the interval ago. */
export function isTypingThrottled({ lastAt, now }: { lastAt: number | undefined; now: number }): boolean {
  return lastAt !== undefined && now >= lastAt && now - lastAt < TYPING_INTERVAL_MS;
}
