import { type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Database, MessageOutcome, TicketKind } from '../../db/types.js';

/** What a report may be narrowed to; the agent filter is applied by each query in its own way. */
export interface ReportFilters {
  kind?: TicketKind;
  tag?: string;
  product?: string;
  agentId?: string;
}

type WithTicket = Database & { t: Database['tickets'] };

/** Narrows a query joined to tickets as `t` by kind, tag and product. */
function whereTicket<O>(query: SelectQueryBuilder<WithTicket, 't', O>, filters: ReportFilters): SelectQueryBuilder<WithTicket, 't', O> {
  let q = query;
  if (filters.kind) q = q.where('t.kind', '=', filters.kind);
  if (filters.tag) {
    const tag = filters.tag;
    q = q.where((eb: ExpressionBuilder<WithTicket, 't'>) =>
      eb.exists(eb.selectFrom('ticket_tags as tt').select('tt.tag').whereRef('tt.ticket_id', '=', 't.id').where('tt.tag', '=', tag)),
    );
  }
  if (filters.product) {
    const product = filters.product;
    q = q.where((eb: ExpressionBuilder<WithTicket, 't'>) =>
      eb.exists(eb.selectFrom('licenses as l').select('l.id').whereRef('l.id', '=', 't.license_id').where('l.product', '=', product)),
    );
  }
  return q;
}

export interface MessageRow {
  id: string;
  ticket_id: string;
  ticket_number: number;
  kind: TicketKind;
  assignee_id: string | null;
  arrived_at: number;
  reply_due_at: number | null;
  answered_at: number | null;
  agent_id: string | null;
  is_guaranteed: number;
  outcome: MessageOutcome | null;
  first_arrived_at: number;
}

/** The reports' queries: stored facts only, read outside any transaction. */
export function createReportsRepository({ db }: { db: Db }) {
  return {
    /**
     * Customer messages that arrived in [from, to) or were still waiting at some point of it (for
     * the backlog), with the ticket they belong to and the agent whose message answered them.
     */
    async listMessages({ from, to, filters }: { from: number; to: number; filters: ReportFilters }): Promise<MessageRow[]> {
      const query = db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .leftJoin('ticket_messages as a', 'a.id', 'm.answered_by')
        .where('m.author_role', '=', 'customer')
        .where('m.arrived_at', '<', to)
        .where((eb) => eb.or([eb('m.arrived_at', '>=', from), eb('m.answered_at', 'is', null), eb('m.answered_at', '>=', from)]))
        .select([
          'm.id',
          'm.ticket_id',
          't.number as ticket_number',
          't.kind',
          't.assignee_id',
          'm.arrived_at',
          'm.reply_due_at',
          'm.answered_at',
          'a.author_id as agent_id',
          'm.is_guaranteed',
          'm.outcome',
        ])
        .select((eb) =>
          eb
            .selectFrom('ticket_messages as f')
            .whereRef('f.ticket_id', '=', 'm.ticket_id')
            .where('f.author_role', '=', 'customer')
            .select((e) => e.fn.min('f.arrived_at').as('v'))
            .as('first_arrived_at'),
        );
      const rows = await whereTicket(query as never, filters).execute();
      return (rows as unknown as MessageRow[]).map((r) => ({
        ...r,
        ticket_number: Number(r.ticket_number),
        arrived_at: Number(r.arrived_at),
        reply_due_at: r.reply_due_at === null ? null : Number(r.reply_due_at),
        answered_at: r.answered_at === null ? null : Number(r.answered_at),
        is_guaranteed: Number(r.is_guaranteed),
        first_arrived_at: Number(r.first_arrived_at),
      }));
    },

    /** Tickets created in [from, to): id, kind, creation and assignee. */
    async listNewTickets({ from, to, filters }: { from: number; to: number; filters: ReportFilters }) {
      const query = db
        .selectFrom('tickets as t')
        .where('t.created_at', '>=', from)
        .where('t.created_at', '<', to)
        .select(['t.id', 't.kind', 't.created_at', 't.assignee_id']);
      let q = whereTicket(query as never, filters) as unknown as typeof query;
      if (filters.agentId) q = q.where('t.assignee_id', '=', filters.agentId);
      const rows = await q.execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, createdAt: Number(r.created_at), assigneeId: r.assignee_id }));
    },

    /** Public agent messages written in [from, to), per author. */
    async countAgentReplies({ from, to, filters }: { from: number; to: number; filters: ReportFilters }): Promise<Map<string, number>> {
      const query = db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .where('m.author_role', '=', 'agent')
        .where('m.visibility', '=', 'public')
        .where('m.created_at', '>=', from)
        .where('m.created_at', '<', to)
        .where('m.author_id', 'is not', null)
        .select(['m.author_id'])
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .groupBy('m.author_id');
      let q = whereTicket(query as never, filters) as unknown as typeof query;
      if (filters.agentId) q = q.where('m.author_id', '=', filters.agentId);
      const rows = await q.execute();
      return new Map(rows.map((r) => [r.author_id!, Number(r.n)]));
    },

    /** Timeline events of one type in [from, to) with their ticket, oldest first. */
    async listEvents({ type, from, to, filters }: { type: 'declined' | 'rated'; from: number; to: number; filters: ReportFilters }) {
      const query = db
        .selectFrom('ticket_events as e')
        .innerJoin('tickets as t', 't.id', 'e.ticket_id')
        .where('e.type', '=', type)
        .where('e.created_at', '>=', from)
        .where('e.created_at', '<', to)
        .select(['e.ticket_id', 't.number', 't.kind', 't.assignee_id', 'e.actor_id', 'e.data', 'e.created_at', 't.rating_comment'])
        .orderBy('e.created_at')
        .orderBy('e.id');
      let q = whereTicket(query as never, filters) as unknown as typeof query;
      if (filters.agentId) q = q.where(type === 'declined' ? 'e.actor_id' : 't.assignee_id', '=', filters.agentId);
      const rows = await q.execute();
      return rows.map((r) => ({
        ticketId: r.ticket_id,
        number: Number(r.number),
        kind: r.kind,
        assigneeId: r.assignee_id,
        actorId: r.actor_id,
        data: JSON.parse(r.data) as Record<string, unknown>,
        // The ticket's comment is the one with credentials masked (the event keeps what was typed).
        ticketComment: r.rating_comment,
        at: Number(r.created_at),
      }));
    },

    /** Staff names for the per-agent table. */
    async listStaff(): Promise<Array<{ id: string; name: string; email: string }>> {
      return db.selectFrom('users').where('role', 'in', ['agent', 'admin']).select(['id', 'name', 'email']).orderBy('name').execute();
    },

    /** First customer messages of tickets of one kind answered in [from, to): arrival and answer (for "usually within"). */
    async listFirstAnswers({ kind, from, to }: { kind: TicketKind; from: number; to: number }) {
      const rows = await db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .where('t.kind', '=', kind)
        .where('m.author_role', '=', 'customer')
        .where('m.answered_at', '>=', from)
        .where('m.answered_at', '<', to)
        .where('m.outcome', 'in', ['met', 'breached'])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('ticket_messages as f')
                .select('f.id')
                .whereRef('f.ticket_id', '=', 'm.ticket_id')
                .where('f.author_role', '=', 'customer')
                .whereRef('f.arrived_at', '<', 'm.arrived_at'),
            ),
          ),
        )
        .select(['m.arrived_at', 'm.answered_at'])
        .execute();
      return rows.map((r) => ({ arrivedAt: Number(r.arrived_at), answeredAt: Number(r.answered_at) }));
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
