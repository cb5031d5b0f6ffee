import { z } from 'zod';
import { defineJob } from '../../jobs/jobs.types.js';
import type { Notifier } from './notifications.usecases.js';

export const TICKET_CREATED_JOB = 'notifications.ticket_created';

/**
 * Writes the mails of a new ticket (the customer's receipt, every interested agent's notice). The
 * ticket's transaction only enqueues this job, so opening a ticket costs the same with one agent or
 * fifty; the mails are written in the transaction that marks the job done, so exactly once.
 */
export function createTicketCreatedJob({ notify }: { notify: Pick<Notifier, 'writeTicketCreatedMails'> }) {
  return defineJob({
    name: TICKET_CREATED_JOB,
    payload: z.object({ ticketId: z.string(), messageId: z.string(), actorId: z.string() }),
    maxAttempts: 5,
    handle: async ({ payload }) => {
      return async (trx) => {
        const ticket = await trx.selectFrom('tickets').selectAll().where('id', '=', payload.ticketId).executeTakeFirst();
        const message = await trx.selectFrom('ticket_messages').selectAll().where('id', '=', payload.messageId).executeTakeFirst();
        const actor = await trx.selectFrom('users').selectAll().where('id', '=', payload.actorId).executeTakeFirst();
        if (!ticket || !message || !actor) return; // gone meanwhile: nothing left to tell
        await notify.writeTicketCreatedMails({ trx, ticket, message, actor });
      };
    },
  });
}
