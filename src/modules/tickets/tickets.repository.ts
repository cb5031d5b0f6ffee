import { sql } from 'kysely';
import type { DbOrTrx, DialectName } from '../../db/database.js';
import type { NewTicket, NewTicketMessage, Ticket, TicketMessage, TicketsTable } from '../../db/types.js';
import { createId } from '../../shared/ids.js';
import { recordTicketWebhookEvents } from '../webhooks/webhooks.outbox.js';

export type TicketsRepository = ReturnType<typeof createTicketsRepository>;

export function createTicketsRepository({ db }: { db: DbOrTrx }) {
  return {
    /**
     * The next human ticket number, never handed out twice. PostgreSQL: a sequence, so concurrent
     * creations do not queue on one row until they commit. SQLite (one writer): the counter row.
     */
    async takeNextNumber({ dialect }: { dialect: DialectName }): Promise<number> {
      if (dialect === 'postgres') {
        const { rows } = await sql<{ value: number }>`select nextval('ticket_number_seq') as value`.execute(db);
        return Number(rows[0]!.value);
      }
      const row = await db
        .updateTable('counters')
        .set((eb) => ({ value: eb('value', '+', 1) }))
        .where('name', '=', 'ticket_number')
        .returning('value')
        .executeTakeFirstOrThrow();
      return Number(row.value);
    },
    async insertTicket({ ticket }: { ticket: NewTicket }): Promise<void> {
      await db.insertInto('tickets').values(ticket).execute();
    },
    async findTicket({ id }: { id: string }): Promise<Ticket | undefined> {
      return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findTicketByNumber({ number }: { number: number }): Promise<Ticket | undefined> {
      return db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst();
    },
    async updateTicket({ id, changes }: { id: string; changes: Partial<TicketsTable> }): Promise<void> {
      await db.updateTable('tickets').set(changes).where('id', '=', id).execute();
    },
    async insertMessage({ message }: { message: NewTicketMessage }): Promise<void> {
      await db.insertInto('ticket_messages').values(message).execute();
    },
    async findMessage({ id }: { id: string }): Promise<TicketMessage | undefined> {
      return db.selectFrom('ticket_messages').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findMessageByExternalId({ externalId }: { externalId: string }): Promise<TicketMessage | undefined> {
      return db.selectFrom('ticket_messages').selectAll().where('external_id', '=', externalId).executeTakeFirst();
    },
    async listMessages({ ticketId, includeInternal }: { ticketId: string; includeInternal: boolean }): Promise<TicketMessage[]> {
      let q = db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId);
      if (!includeInternal) q = q.where('visibility', '=', 'public');
      return q.orderBy('arrived_at').orderBy('id').execute();
    },
    async listWaitingMessages({ ticketId }: { ticketId: string }): Promise<TicketMessage[]> {
      return db
        .selectFrom('ticket_messages')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('is_waiting', '=', 1)
        .orderBy('arrived_at')
        .orderBy('id')
        .execute();
    },
    async endWaiting({
      ids,
      answeredAt,
      answeredBy,
      outcomes,
    }: {
      ids: string[];
      answeredAt: number;
      answeredBy: string | null;
      outcomes: Map<string, string>;
    }): Promise<void> {
      for (const id of ids) {
        await db
          .updateTable('ticket_messages')
          .set({ is_waiting: 0, answered_at: answeredAt, answered_by: answeredBy, outcome: outcomes.get(id) as TicketMessage['outcome'] })
          .where('id', '=', id)
          .execute();
      }
    },
    async moveMessages({ fromTicketId, toTicketId }: { fromTicketId: string; toTicketId: string }): Promise<void> {
      await db.updateTable('ticket_messages').set({ ticket_id: toTicketId }).where('ticket_id', '=', fromTicketId).execute();
      await db.updateTable('attachments').set({ ticket_id: toTicketId }).where('ticket_id', '=', fromTicketId).execute();
    },
    async insertEvent({
      ticketId,
      actorId,
      type,
      data,
      at,
    }: {
      ticketId: string;
      actorId: string | null;
      type: string;
      data: Record<string, unknown>;
      at: number;
    }): Promise<void> {
      await db
        .insertInto('ticket_events')
        .values({ id: createId(), ticket_id: ticketId, actor_id: actorId, type, data: JSON.stringify(data), created_at: at })
        .execute();
      // The timeline is where every ticket change is written: its webhooks join the same transaction.
      await recordTicketWebhookEvents({ db, ticketId, type, data, at });
    },
    async listEvents({ ticketId }: { ticketId: string }) {
      return db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
    },
    async listTags({ ticketIds }: { ticketIds: string[] }): Promise<Map<string, string[]>> {
      const tags = new Map<string, string[]>();
      if (ticketIds.length === 0) return tags;
      const rows = await db.selectFrom('ticket_tags').selectAll().where('ticket_id', 'in', ticketIds).orderBy('tag').execute();
      for (const row of rows) tags.set(row.ticket_id, [...(tags.get(row.ticket_id) ?? []), row.tag]);
      return tags;
    },
    async replaceTags({ ticketId, tags }: { ticketId: string; tags: string[] }): Promise<void> {
      await db.deleteFrom('ticket_tags').where('ticket_id', '=', ticketId).execute();
      if (tags.length > 0)
        await db
          .insertInto('ticket_tags')
          .values(tags.map((tag) => ({ ticket_id: ticketId, tag })))
          .execute();
    },
  };
}
