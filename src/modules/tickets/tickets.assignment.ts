// Who takes a new ticket: agents say whether they are available, and with round robin on
// (SUPPORTDESK_ROUND_ROBIN) each new support ticket goes to the available agent assigned least
// recently. The assignment runs as a job enqueued in the ticket's own creation transaction.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { User } from '../../db/types.js';
import type { JobQueue } from '../../jobs/jobs.queue.js';
import { defineJob, type JobDefinition } from '../../jobs/jobs.types.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { TicketActions } from './tickets.actions.js';
import { isSupportKind } from './tickets.models.js';
import { createTicketsRepository } from './tickets.repository.js';

export const AUTO_ASSIGN_JOB = 'tickets.auto_assign';

export type AssignmentUsecases = ReturnType<typeof createAssignmentUsecases>;

/** An agent or admin as the assignment screens show them. */
export interface AgentSummary {
  id: string;
  name: string;
  email: string;
  role: 'agent' | 'admin';
  /** Agents are available until they say otherwise. */
  available: boolean;
  lastAssignedAt: number | null;
  /** Tickets assigned to them that are open or pending. */
  openTickets: number;
}

/**
 * What `createTicket` calls inside its transaction when round robin is on: the job is then
 * committed with the ticket or not at all.
 */
export function createAutoAssignEnqueuer({ jobs }: { jobs: JobQueue }) {
  return async ({ trx, ticketId, kind }: { trx: DbOrTrx; ticketId: string; kind: Parameters<typeof isSupportKind>[0] }): Promise<void> => {
    // Suggestions and partnership requests live in their own queues (R8), outside the rotation.
    if (!isSupportKind(kind)) return;
    await jobs.enqueue({ trx, name: AUTO_ASSIGN_JOB, payload: { ticketId }, uniqueKey: `${AUTO_ASSIGN_JOB}:${ticketId}`, maxAttempts: 5 });
  };
}

export function createAssignmentUsecases({ db, clock, ticketActions }: { db: Db; clock: Clock; ticketActions: Pick<TicketActions, 'assign'> }) {
  /** Active agents and admins with their availability, least recently assigned first (nulls first, ties by id). */
  async function listCandidates(): Promise<{ id: string; lastAssignedAt: number | null }[]> {
    const rows = await db
      .selectFrom('users')
      .leftJoin('agent_states', 'agent_states.user_id', 'users.id')
      .select(['users.id as id', 'agent_states.last_assigned_at as lastAssignedAt'])
      .where('users.role', 'in', ['agent', 'admin'])
      .where('users.disabled_at', 'is', null)
      .where((eb) => eb.or([eb('agent_states.is_available', 'is', null), eb('agent_states.is_available', '=', 1)]))
      .orderBy('agent_states.last_assigned_at', (ob) => ob.asc().nullsFirst())
      .orderBy('users.id')
      .execute();
    return rows.map((r) => ({ id: r.id, lastAssignedAt: r.lastAssignedAt === null ? null : Number(r.lastAssignedAt) }));
  }

  return {
    /** Marks the actor available (or away) for round-robin assignment. */
    async setAvailability({ actor, available }: { actor: User; available: boolean }): Promise<void> {
      const value = available ? 1 : 0;
      await db
        .insertInto('agent_states')
        .values({ user_id: actor.id, is_available: value, last_assigned_at: null })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ is_available: value }))
        .execute();
    },

    /** Every active agent and admin (or just one), by name, with availability and how many open tickets they hold. */
    async listAgents({ userId }: { userId?: string } = {}): Promise<AgentSummary[]> {
      let query = db
        .selectFrom('users')
        .leftJoin('agent_states', 'agent_states.user_id', 'users.id')
        .select(['users.id', 'users.name', 'users.email', 'users.role', 'agent_states.is_available', 'agent_states.last_assigned_at'])
        .select((eb) =>
          eb
            .selectFrom('tickets')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('tickets.assignee_id', '=', 'users.id')
            .where('tickets.status', 'in', ['open', 'pending'])
            .as('open_tickets'),
        )
        .where('users.role', 'in', ['agent', 'admin'])
        .where('users.disabled_at', 'is', null)
        .orderBy('users.name')
        .orderBy('users.id');
      if (userId) query = query.where('users.id', '=', userId);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        email: r.email,
        role: r.role as AgentSummary['role'],
        available: r.is_available !== 0,
        lastAssignedAt: r.last_assigned_at === null ? null : Number(r.last_assigned_at),
        openTickets: Number(r.open_tickets ?? 0),
      }));
    },

    /**
     * Gives a new ticket to the available agent assigned least recently. A ticket someone already
     * took, or one no longer waiting for support, is left alone; with nobody available it stays
     * in the unassigned queue.
     */
    async autoAssign({ ticketId }: { ticketId: string }): Promise<{ assigneeId: string | null }> {
      const ticket = await createTicketsRepository({ db }).findTicket({ id: ticketId });
      if (!ticket || ticket.assignee_id !== null || ticket.merged_into !== null || ticket.status === 'resolved' || ticket.status === 'closed')
        return { assigneeId: null };
      const candidates = await listCandidates();
      const next = candidates[0];
      if (!next) return { assigneeId: null };
      // Strictly after every earlier assignment, so that two within one millisecond still rotate.
      const latest = Math.max(0, ...candidates.map((c) => c.lastAssignedAt ?? 0));
      const stamp = Math.max(clock.now(), latest + 1);
      await ticketActions.assign({ actor: null, ticketId, assigneeId: next.id });
      await db.updateTable('agent_states').set({ last_assigned_at: stamp }).where('user_id', '=', next.id).execute();
      return { assigneeId: next.id };
    },
  };
}

/** The `tickets.auto_assign` job: one per new support ticket while round robin is on. */
export function createAutoAssignJob({ assignment, logger }: { assignment: AssignmentUsecases; logger: Logger }): JobDefinition<{ ticketId: string }> {
  return defineJob({
    name: AUTO_ASSIGN_JOB,
    payload: z.object({ ticketId: z.string() }),
    maxAttempts: 5,
    handle: async ({ payload }) => {
      const { assigneeId } = await assignment.autoAssign({ ticketId: payload.ticketId });
      logger.debug({ ticketId: payload.ticketId, assigneeId }, assigneeId ? 'assigned a new ticket by round robin' : 'round robin left a ticket unassigned');
    },
  });
}
