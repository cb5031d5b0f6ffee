import { cleanLabel } from '../../shared/text.js';
import type { Trx } from '../../db/database.js';
import { maskSecrets } from '../vault/vault.secrets.js';
import type { Ticket, TicketPriority, TicketStatus, User } from '../../db/types.js';
import { isStaff } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { computeDue } from '../calendar/calendar.models.js';
import { ticketsErrors } from './tickets.errors.js';
import { canAgentSetStatus, canCustomerSetStatus, normalizeTags } from './tickets.models.js';
import { createTicketsRepository } from './tickets.repository.js';
import { indexTicket, removeTicketFromIndex } from './tickets.search.js';
import type { TicketsDeps, TicketsUsecases } from './tickets.usecases.js';
import { commonErrors } from '../../shared/errors.js';

export type TicketActions = ReturnType<typeof createTicketActions>;

type RetimeChange = { id: string; due: number | null; isGuaranteed: number };

type FieldChanges = { priority?: TicketPriority; tags?: string[]; subject?: string; kind?: Ticket['kind'] };

/** What agents (and, for a few, customers) do to a ticket besides writing: status, assignment, fields, merge, rating. */
export function createTicketActions(deps: TicketsDeps & { tickets: TicketsUsecases }) {
  const { db, dialect, clock, calendar, tickets } = deps;

  async function reload(id: string): Promise<Ticket> {
    return (await createTicketsRepository({ db }).findTicket({ id }))!;
  }

  /** Refuses an assignee who is not an active agent or admin. */
  async function assertAssignable({ assigneeId }: { assigneeId: string }): Promise<void> {
    const assignee = await createAccountsRepository({ db }).findUserById({ id: assigneeId });
    if (!assignee || !isStaff(assignee.role) || assignee.disabled_at !== null) throw ticketsErrors.assigneeNotAgent();
  }

  /** The status move, inside the caller's transaction (checks done by the caller). */
  async function writeStatus({
    trx,
    actor,
    ticket,
    status,
    isAgent,
  }: {
    trx: Trx;
    actor: User;
    ticket: Ticket;
    status: TicketStatus;
    isAgent: boolean;
  }): Promise<void> {
    const repo = createTicketsRepository({ db: trx });
    const now = clock.now();
    if (status === 'resolved' || status === 'closed') {
      await tickets.clockOps.endWaiting({ trx, ticket, at: now, by: null, how: isAgent ? 'unanswered' : 'withdrawn' });
    }
    await repo.updateTicket({
      id: ticket.id,
      changes: {
        status,
        updated_at: now,
        ...(status === 'resolved' && { resolved_at: now, resolution: ticket.resolution ?? (isAgent ? 'resolved' : 'withdrawn') }),
        ...(status === 'closed' && { closed_at: now, resolved_at: ticket.resolved_at ?? now }),
        ...((status === 'open' || status === 'pending') && { resolved_at: null, resolution: null, decline_reason: null }),
      },
    });
    await repo.insertEvent({ ticketId: ticket.id, actorId: actor.id, type: 'status_changed', data: { from: ticket.status, to: status }, at: now });
    if (isAgent && status === 'resolved') await deps.notify?.onResolved({ trx, ticket, actor });
  }

  /** The assignment, inside the caller's transaction (the assignee already checked). */
  async function writeAssignee({ trx, actor, ticket, assigneeId }: { trx: Trx; actor: User | null; ticket: Ticket; assigneeId: string | null }): Promise<void> {
    const repo = createTicketsRepository({ db: trx });
    const now = clock.now();
    await repo.updateTicket({ id: ticket.id, changes: { assignee_id: assigneeId, updated_at: now } });
    if (assigneeId) {
      await trx
        .insertInto('agent_states')
        .values({ user_id: assigneeId, is_available: 1, last_assigned_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_assigned_at: now }))
        .execute();
    }
    await repo.insertEvent({
      ticketId: ticket.id,
      actorId: actor?.id ?? null,
      type: 'assigned',
      data: { from: ticket.assignee_id, to: assigneeId },
      at: now,
    });
  }

  /** Priority, subject, kind and tags, inside the caller's transaction; one event per change. */
  async function writeFields({ trx, actor, ticket, changes }: { trx: Trx; actor: User; ticket: Ticket; changes: FieldChanges }): Promise<void> {
    const repo = createTicketsRepository({ db: trx });
    const now = clock.now();
    const fields: Partial<Ticket> = {};
    if (changes.priority && changes.priority !== ticket.priority) {
      fields.priority = changes.priority;
      await repo.insertEvent({
        ticketId: ticket.id,
        actorId: actor.id,
        type: 'priority_changed',
        data: { from: ticket.priority, to: changes.priority },
        at: now,
      });
    }
    if (changes.subject && cleanLabel(changes.subject) !== '' && cleanLabel(changes.subject) !== ticket.subject) {
      fields.subject = cleanLabel(changes.subject);
      await repo.insertEvent({
        ticketId: ticket.id,
        actorId: actor.id,
        type: 'subject_changed',
        data: { from: ticket.subject, to: fields.subject },
        at: now,
      });
    }
    if (changes.kind && changes.kind !== ticket.kind) {
      fields.kind = changes.kind;
      await repo.insertEvent({ ticketId: ticket.id, actorId: actor.id, type: 'kind_changed', data: { from: ticket.kind, to: changes.kind }, at: now });
    }
    if (changes.tags) {
      const before = (await repo.listTags({ ticketIds: [ticket.id] })).get(ticket.id) ?? [];
      const after = normalizeTags(changes.tags);
      if (before.join(',') !== [...after].sort().join(',')) {
        await repo.replaceTags({ ticketId: ticket.id, tags: after });
        await repo.insertEvent({ ticketId: ticket.id, actorId: actor.id, type: 'tags_changed', data: { from: before, to: after }, at: now });
      }
    }
    if (Object.keys(fields).length > 0) await repo.updateTicket({ id: ticket.id, changes: { ...fields, updated_at: now } });
    if (fields.subject) await indexTicket({ db: trx, dialect, ticketId: ticket.id });
  }

  return {
    assertAssignable,

    /**
     * Moves a ticket by hand. A customer may only resolve (withdraw) their own open ticket, whose
     * waiting messages are then recorded as withdrawn; an agent resolving or closing without a
     * reply records them as unanswered (a status change is not a response, R4).
     */
    async changeStatus({ actor, ticketId, status }: { actor: User; ticketId: string; status: TicketStatus }): Promise<{ ticket: Ticket }> {
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      const isAgent = isStaff(actor.role);
      if (!isAgent && !canCustomerSetStatus({ from: ticket.status, to: status }))
        throw commonErrors.forbidden({ message: 'You can resolve your open ticket; other changes are up to support.' });
      if (isAgent && !canAgentSetStatus({ from: ticket.status, to: status })) throw ticketsErrors.statusNotAllowed();
      await db.transaction().execute((trx) => writeStatus({ trx, actor, ticket, status, isAgent }));
      const updated = await reload(ticket.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /** Assigns (or unassigns) a ticket; `actor: null` is the system (round robin), recorded as an event without an actor. */
    async assign({ actor, ticketId, assigneeId }: { actor: User | null; ticketId: string; assigneeId: string | null }): Promise<{ ticket: Ticket }> {
      const ticket = actor ? await tickets.findVisibleTicket({ actor, ticketId }) : await createTicketsRepository({ db }).findTicket({ id: ticketId });
      if (!ticket) throw ticketsErrors.notFound();
      if (assigneeId !== null) await assertAssignable({ assigneeId });
      if (ticket.assignee_id === assigneeId) return { ticket };
      await db.transaction().execute((trx) => writeAssignee({ trx, actor, ticket, assigneeId }));
      const updated = await reload(ticket.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /** Changes priority, tags, subject or kind. A new kind re-times the waiting messages with its target. */
    async updateFields({ actor, ticketId, changes }: { actor: User; ticketId: string; changes: FieldChanges }): Promise<{ ticket: Ticket }> {
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      await db.transaction().execute((trx) => writeFields({ trx, actor, ticket, changes }));
      if (changes.kind && changes.kind !== ticket.kind) await retimeWaiting({ ticket: { ...ticket, kind: changes.kind }, isKindChange: true });
      const updated = await reload(ticket.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /**
     * Adds and removes tags against the tags the ticket has at that moment: the row is locked
     * (PostgreSQL; SQLite has one writer) before they are read, so two bulk edits of one ticket at
     * once, or a bulk edit beside a PATCH, each keep the other's tags.
     */
    async editTags({
      actor,
      ticketId,
      add = [],
      remove = [],
    }: {
      actor: User;
      ticketId: string;
      add?: string[];
      remove?: string[];
    }): Promise<{ ticket: Ticket }> {
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      const removed = new Set(normalizeTags(remove));
      await db.transaction().execute(async (trx) => {
        const lock = trx.selectFrom('tickets').select('id').where('id', '=', ticketId);
        await (dialect === 'postgres' ? lock.forUpdate() : lock).execute();
        const current = (await createTicketsRepository({ db: trx }).listTags({ ticketIds: [ticketId] })).get(ticketId) ?? [];
        const tags = [...current, ...normalizeTags(add)].filter((tag) => !removed.has(tag));
        await writeFields({ trx, actor, ticket, changes: { tags } });
      });
      const updated = await reload(ticket.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /**
     * PATCH /tickets/:id: fields, assignee and status in one transaction, which first locks the
     * ticket's row (PostgreSQL; SQLite has one writer) and runs `check` on it, so an If-Match
     * holds across processes: of two writers holding the same ETag, the second sees the first's
     * change and writes nothing.
     */
    async patch({
      actor,
      ticketId,
      changes,
      check,
    }: {
      actor: User;
      ticketId: string;
      changes: FieldChanges & { status?: TicketStatus; assigneeId?: string | null };
      check?: (args: { trx: Trx; ticket: Ticket }) => Promise<void>;
    }): Promise<{ ticket: Ticket }> {
      const { status, assigneeId, ...fields } = changes;
      const before = await tickets.findVisibleTicket({ actor, ticketId });
      const isAgent = isStaff(actor.role);
      if (assigneeId) await assertAssignable({ assigneeId });
      // The new kind's clocks read settings and licenses: computed before the transaction opens.
      const retime = fields.kind && fields.kind !== before.kind ? await planRetime({ ticket: { ...before, kind: fields.kind }, isKindChange: true }) : [];
      await db.transaction().execute(async (trx) => {
        const lock = trx.selectFrom('tickets').selectAll().where('id', '=', ticketId);
        let ticket = (await (dialect === 'postgres' ? lock.forUpdate() : lock).executeTakeFirst())!;
        await check?.({ trx, ticket });
        const read = async () => (await createTicketsRepository({ db: trx }).findTicket({ id: ticketId }))!;
        if (Object.keys(fields).length > 0) {
          await writeFields({ trx, actor, ticket, changes: fields });
          if (fields.kind && fields.kind !== ticket.kind && retime.length > 0) await applyRetime({ trx, ticketId, changes: retime });
          ticket = await read();
        }
        if (assigneeId !== undefined && assigneeId !== ticket.assignee_id) {
          await writeAssignee({ trx, actor, ticket, assigneeId });
          ticket = await read();
        }
        if (status !== undefined && status !== ticket.status) {
          if (!isAgent && !canCustomerSetStatus({ from: ticket.status, to: status }))
            throw commonErrors.forbidden({ message: 'You can resolve your open ticket; other changes are up to support.' });
          if (isAgent && !canAgentSetStatus({ from: ticket.status, to: status })) throw ticketsErrors.statusNotAllowed();
          await writeStatus({ trx, actor, ticket, status, isAgent });
        }
      });
      const updated = await reload(ticketId);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /** Merges a duplicate into another ticket of the same customer; the messages move and keep their due. */
    async merge({ actor, sourceId, targetId }: { actor: User; sourceId: string; targetId: string }): Promise<{ ticket: Ticket }> {
      const source = await tickets.findVisibleTicket({ actor, ticketId: sourceId });
      const target = await tickets.findVisibleTicket({ actor, ticketId: targetId });
      if (source.id === target.id || source.customer_id !== target.customer_id || source.merged_into || target.merged_into || target.status === 'closed')
        throw ticketsErrors.mergeInvalid();
      await db.transaction().execute(async (trx) => {
        const repo = createTicketsRepository({ db: trx });
        const now = clock.now();
        await repo.moveMessages({ fromTicketId: source.id, toTicketId: target.id });
        await repo.updateTicket({
          id: source.id,
          changes: {
            status: 'closed',
            resolution: 'merged',
            merged_into: target.id,
            reply_due_at: null,
            waiting_since: null,
            closed_at: now,
            resolved_at: source.resolved_at ?? now,
            updated_at: now,
          },
        });
        const hasWaiting = (await repo.listWaitingMessages({ ticketId: target.id })).length > 0;
        if (hasWaiting && target.status !== 'open')
          await repo.updateTicket({ id: target.id, changes: { status: 'open', resolved_at: null, resolution: null } });
        await tickets.clockOps.refreshTicketClock({ trx, ticketId: target.id, at: now });
        await repo.insertEvent({ ticketId: source.id, actorId: actor.id, type: 'merged', data: { into: target.id, intoNumber: target.number }, at: now });
        await repo.insertEvent({ ticketId: target.id, actorId: actor.id, type: 'merged_in', data: { from: source.id, fromNumber: source.number }, at: now });
        await removeTicketFromIndex({ db: trx, dialect, ticketId: source.id, number: source.number });
        await indexTicket({ db: trx, dialect, ticketId: target.id });
      });
      tickets.publish(await reload(source.id), 'ticket.updated');
      const updated = await reload(target.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /** The customer's satisfaction rating (1–5 and a comment) after resolution. */
    async rate({ actor, ticketId, rating, comment }: { actor: User; ticketId: string; rating: number; comment?: string }): Promise<{ ticket: Ticket }> {
      const ticket = await tickets.findVisibleTicket({ actor, ticketId });
      if (actor.id !== ticket.customer_id) throw commonErrors.forbidden({ message: 'Only the customer rates their ticket.' });
      if (ticket.status !== 'resolved' && ticket.status !== 'closed') throw ticketsErrors.notResolved();
      // A decline is not an answer to rate (R6): the customer is asked for better information instead.
      if (ticket.resolution === 'declined') throw ticketsErrors.declinedNotRated();
      await db.transaction().execute(async (trx) => {
        const repo = createTicketsRepository({ db: trx });
        const now = clock.now();
        await repo.updateTicket({ id: ticket.id, changes: { rating, rating_comment: maskSecrets(comment?.trim() ?? '').text || null, updated_at: now } });
        await repo.insertEvent({ ticketId: ticket.id, actorId: actor.id, type: 'rated', data: { rating, comment: comment?.trim() || null }, at: now });
      });
      const updated = await reload(ticket.id);
      tickets.publish(updated, 'ticket.updated');
      return { ticket: updated };
    },

    /** Closes tickets resolved longer than `afterMs` ago with no customer reply since (job). */
    async closeStaleResolved({ afterMs }: { afterMs: number }): Promise<{ closed: number }> {
      const now = clock.now();
      const stale = await db
        .selectFrom('tickets')
        .select(['id', 'number', 'customer_id'])
        .where('status', '=', 'resolved')
        .where('resolved_at', '<', now - afterMs)
        .limit(1000)
        .execute();
      for (const t of stale) {
        await db.transaction().execute(async (trx) => {
          const repo = createTicketsRepository({ db: trx });
          await repo.updateTicket({ id: t.id, changes: { status: 'closed', closed_at: now, updated_at: now } });
          await repo.insertEvent({
            ticketId: t.id,
            actorId: null,
            type: 'status_changed',
            data: { from: 'resolved', to: 'closed', why: 'auto_close' },
            at: now,
          });
        });
      }
      return { closed: stale.length };
    },

    /** Re-times every guaranteed waiting message after a calendar or target change (job `calendar.recompute_due`). */
    async recomputeWaitingReplyDue({
      reportProgress,
    }: {
      reportProgress: (p: { done: number; total: number }) => Promise<void>;
    }): Promise<{ updated: number }> {
      const ticketIds = (await db.selectFrom('ticket_messages').select('ticket_id').distinct().where('is_waiting', '=', 1).execute()).map((r) => r.ticket_id);
      let done = 0;
      let updated = 0;
      for (const ticketId of ticketIds) {
        const ticket = await createTicketsRepository({ db }).findTicket({ id: ticketId });
        if (ticket) updated += await retimeWaiting({ ticket });
        done++;
        if (done % 200 === 0 || done === ticketIds.length) await reportProgress({ done, total: ticketIds.length });
      }
      if (ticketIds.length === 0) await reportProgress({ done: 0, total: 0 });
      return { updated };
    },
  };

  /**
   * Recomputes the due of a ticket's waiting messages under the current calendar and targets. The
   * new clocks are computed before the transaction (they read settings and licenses), then written.
   */
  async function retimeWaiting({ ticket, isKindChange = false }: { ticket: Ticket; isKindChange?: boolean }): Promise<number> {
    const changes = await planRetime({ ticket, isKindChange });
    if (changes.length === 0) return 0;
    await db.transaction().execute((trx) => applyRetime({ trx, ticketId: ticket.id, changes }));
    return changes.length;
  }

  /** The new clocks of a ticket's waiting messages (reads settings and licenses: call before a transaction). */
  async function planRetime({ ticket, isKindChange = false }: { ticket: Ticket; isKindChange?: boolean }): Promise<RetimeChange[]> {
    const waiting = await createTicketsRepository({ db }).listWaitingMessages({ ticketId: ticket.id });
    if (waiting.length === 0) return [];
    const target = (await calendar.getReplyTargets())[ticket.kind];
    const compiled = await calendar.getCompiledCalendar();
    const customer = isKindChange ? await createAccountsRepository({ db }).findUserById({ id: ticket.customer_id }) : undefined;
    const changes: RetimeChange[] = [];
    for (const m of waiting) {
      if (customer) {
        // A reclassified ticket is judged as if it had arrived as its new kind (a suggestion that
        // is really a question gets the question's guarantee, as of each message's arrival).
        const next = await tickets.clockOps.startClock({ kind: ticket.kind, customer, arrivedAt: m.arrived_at });
        changes.push({ id: m.id, due: next.replyDueAt, isGuaranteed: next.isGuaranteed ? 1 : 0 });
        continue;
      }
      // The guarantee was decided on arrival; only its due time follows the calendar and target.
      const due = m.is_guaranteed === 1 && target !== null ? computeDue({ calendar: compiled, start: m.arrived_at, durationMs: target * 60_000 }) : null;
      if (due !== m.reply_due_at) changes.push({ id: m.id, due, isGuaranteed: m.is_guaranteed });
    }
    return changes;
  }

  async function applyRetime({ trx, ticketId, changes }: { trx: Trx; ticketId: string; changes: RetimeChange[] }): Promise<void> {
    for (const c of changes) {
      await trx
        .updateTable('ticket_messages')
        .set({ reply_due_at: c.due, is_guaranteed: c.isGuaranteed })
        .where('id', '=', c.id)
        .where('is_waiting', '=', 1)
        .execute();
    }
    await tickets.clockOps.refreshTicketClock({ trx, ticketId, at: clock.now() });
  }
}
