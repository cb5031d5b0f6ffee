import type { Ticket, TicketPriority, TicketStatus, User } from '../../db/types.js';
import { isAppError } from '../../shared/errors.js';
import type { TicketActions } from './tickets.actions.js';

/** One change applied to many tickets at once. */
export type BulkAction =
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'status'; status: TicketStatus }
  | { type: 'priority'; priority: TicketPriority }
  | { type: 'add_tags'; tags: string[] }
  | { type: 'remove_tags'; tags: string[] }
  | { type: 'resolve' }
  | { type: 'merge'; targetId: string };

export type BulkResult = { id: string; ok: true; number: number } | { id: string; ok: false; code: string; message: string };

/**
 * Applies one action to each ticket through the same use cases as a single-ticket change, so the
 * rules, events and live updates are the same. Each ticket is its own transaction (as a single
 * change is): one ticket refused (closed, not found, not allowed) does not undo the others, and the
 * answer lists every ticket's outcome with the refusal's code. Tickets are changed one after the
 * other, in the order given.
 */
export async function applyBulkAction({
  actions,
  actor,
  ids,
  action,
}: {
  actions: TicketActions;
  actor: User;
  ids: string[];
  action: BulkAction;
}): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  if (action.type === 'assign' && action.assigneeId) {
    // Refused for all at once: no ticket is worth trying with an assignee who cannot take it.
    try {
      await actions.assertAssignable({ assigneeId: action.assigneeId });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return ids.map((id) => ({ id, ok: false, code: error.code, message: error.message }));
    }
  }
  for (const id of ids) {
    try {
      const ticket = await applyOne({ actions, actor, id, action });
      results.push({ id, ok: true, number: Number(ticket.number) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      results.push({ id, ok: false, code: error.code, message: error.message });
    }
  }
  return results;
}

async function applyOne({ actions, actor, id, action }: { actions: TicketActions; actor: User; id: string; action: BulkAction }): Promise<Ticket> {
  switch (action.type) {
    case 'assign':
      return (await actions.assign({ actor, ticketId: id, assigneeId: action.assigneeId })).ticket;
    case 'status':
    case 'resolve': {
      const status = action.type === 'resolve' ? 'resolved' : action.status;
      return (await actions.changeStatus({ actor, ticketId: id, status })).ticket;
    }
    case 'priority':
      return (await actions.updateFields({ actor, ticketId: id, changes: { priority: action.priority } })).ticket;
    case 'add_tags':
      return (await actions.editTags({ actor, ticketId: id, add: action.tags })).ticket;
    case 'remove_tags':
      return (await actions.editTags({ actor, ticketId: id, remove: action.tags })).ticket;
    case 'merge':
      return (await actions.merge({ actor, sourceId: id, targetId: action.targetId })).ticket;
  }
}
