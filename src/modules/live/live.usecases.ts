import type { User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import type { TicketEventBus } from '../tickets/tickets.events.js';
import type { TicketsUsecases } from '../tickets/tickets.usecases.js';
import { isTypingThrottled, TYPING_INTERVAL_MS } from './live.models.js';

export type LiveUsecases = ReturnType<typeof createLiveUsecases>;

// Past this many remembered (agent, ticket) pairs, forget the ones whose window has passed.
const PRUNE_AT = 5000;

export function createLiveUsecases({ events, tickets, clock }: { events: TicketEventBus; tickets: Pick<TicketsUsecases, 'findVisibleTicket'>; clock: Clock }) {
  // Per process: behind a load balancer an agent may announce once per process, which is harmless.
  const lastTypingAt = new Map<string, number>();

  function prune(now: number): void {
    if (lastTypingAt.size < PRUNE_AT) return;
    for (const [key, at] of lastTypingAt) if (now - at >= TYPING_INTERVAL_MS || now < at) lastTypingAt.delete(key);
  }

  return {
    /**
     * Tells the other agents that `actor` is replying on a ticket (a transient `ticket.typing` event).
     * Repeats within the interval are dropped quietly: clients may call this on every keystroke.
     */
    async announceTyping({ actor, ticketId }: { actor: User; ticketId: string }): Promise<{ isAnnounced: boolean }> {
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      const now = clock.now();
      const key = `${actor.id}:${ticket.id}`;
      if (isTypingThrottled({ lastAt: lastTypingAt.get(key), now })) return { isAnnounced: false };
      prune(now);
      lastTypingAt.set(key, now);
      events.publish({
        type: 'ticket.typing',
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        customerId: ticket.customer_id,
        isInternal: true,
        at: now,
        agentId: actor.id,
        agentName: actor.name,
      });
      return { isAnnounced: true };
    },
  };
}
