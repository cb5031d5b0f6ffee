import type { DbOrTrx } from '../../db/database.js';
import type { MessageOutcome, Ticket, User } from '../../db/types.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import { computeDue } from '../calendar/calendar.models.js';
import type { Entitlement } from '../licenses/licenses.entitlement.js';
import type { LicensesUsecases } from '../licenses/licenses.usecases.js';
import { outcomeOfAnswer, startMessageClock, summarizeWaiting, type MessageClock } from './tickets.clock.js';
import { createTicketsRepository } from './tickets.repository.js';

export type ClockOps = ReturnType<typeof createClockOps>;

/**
 * Persists the reply clock (R2–R5): starting it for customer messages, answering, rolling it up on
 * the ticket. What needs the calendar, targets or licenses is read *before* a transaction opens
 * (`startClock`, `hasTarget`): SQLite has one connection, and a read outside the transaction
 * while it is open would wait for it forever.
 */
export function createClockOps({ calendar, licenses }: { calendar: CalendarUsecases; licenses: LicensesUsecases }) {
  /** The clock of a customer message arriving at `arrivedAt` on a ticket of this kind (guarantee decided once, here). */
  async function startClock({
    kind,
    customer,
    arrivedAt,
    entitlement: known,
  }: {
    kind: Ticket['kind'];
    customer: User;
    arrivedAt: number;
    /** The customer's entitlement at `arrivedAt`, when the caller has it already (saves two round trips). */
    entitlement?: Entitlement;
  }): Promise<MessageClock> {
    const targetMinutes = (await calendar.getReplyTargets())[kind];
    if (targetMinutes === null) return startMessageClock({ targetMinutes, isGuaranteed: false, computeDue: () => 0, arrivedAt });
    const entitlement = known ?? (await licenses.entitlementOf({ customer, at: arrivedAt }));
    const compiled = await calendar.getCompiledCalendar();
    return startMessageClock({
      targetMinutes,
      isGuaranteed: entitlement.reason === 'guaranteed',
      computeDue: (start, durationMs) => computeDue({ calendar: compiled, start, durationMs }),
      arrivedAt,
    });
  }

  async function hasTarget({ kind }: { kind: Ticket['kind'] }): Promise<boolean> {
    return (await calendar.getReplyTargets())[kind] !== null;
  }

  /** Writes the ticket's clock from its waiting messages (earliest due, waiting since, guaranteed). */
  async function refreshTicketClock({ trx, ticketId, at }: { trx: DbOrTrx; ticketId: string; at: number }): Promise<void> {
    const repo = createTicketsRepository({ db: trx });
    const waiting = await repo.listWaitingMessages({ ticketId });
    const summary = summarizeWaiting(waiting.map((m) => ({ arrivedAt: m.arrived_at, replyDueAt: m.reply_due_at, isGuaranteed: m.is_guaranteed === 1 })));
    await repo.updateTicket({
      id: ticketId,
      changes: {
        reply_due_at: summary.replyDueAt,
        waiting_since: summary.waitingSince,
        // When nothing waits, the ticket keeps the guarantee of its last waiting message.
        ...(waiting.length > 0 && { is_guaranteed: summary.isGuaranteed ? 1 : 0 }),
        updated_at: at,
      },
    });
  }

  /**
   * Ends every waiting message of a ticket: answered by an agent (R4; `hasTarget` of the ticket's
   * kind, read before the transaction), or withdrawn by the customer, or closed unanswered.
   */
  async function endWaiting({
    trx,
    ticket,
    at,
    by,
    how,
  }: {
    trx: DbOrTrx;
    ticket: Ticket;
    at: number;
    by: string | null;
    how: { answered: { hasTarget: boolean } } | 'withdrawn' | 'unanswered';
  }): Promise<{ outcomes: MessageOutcome[] }> {
    const repo = createTicketsRepository({ db: trx });
    const waiting = await repo.listWaitingMessages({ ticketId: ticket.id });
    if (waiting.length === 0) return { outcomes: [] };
    const outcomes = new Map<string, MessageOutcome>();
    for (const m of waiting) {
      outcomes.set(
        m.id,
        typeof how === 'string'
          ? how
          : outcomeOfAnswer({ replyDueAt: m.reply_due_at, isGuaranteed: m.is_guaranteed === 1, hasTarget: how.answered.hasTarget, answeredAt: at }),
      );
    }
    await repo.endWaiting({ ids: waiting.map((m) => m.id), answeredAt: at, answeredBy: by, outcomes });
    await refreshTicketClock({ trx, ticketId: ticket.id, at });
    return { outcomes: [...outcomes.values()] };
  }

  return { startClock, hasTarget, refreshTicketClock, endWaiting };
}
