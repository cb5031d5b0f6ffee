import type { DbOrTrx, DialectName } from '../../db/database.js';
import type { Ticket, User, VaultRequest } from '../../db/types.js';
import { canViewTicket } from '../tickets/tickets.policy.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import { vaultErrors } from './vault.errors.js';
import { createVaultRepository } from './vault.repository.js';

/** The request and its ticket, if the actor may see the ticket; otherwise "not found" (never revealing another customer's). */
export async function findVisibleRequest({ db, dialect, actor, requestId }: { db: DbOrTrx; dialect: DialectName; actor: User; requestId: string }) {
  const request = await createVaultRepository({ db, dialect }).findRequest({ id: requestId });
  const ticket = request ? await createTicketsRepository({ db }).findTicket({ id: request.ticket_id }) : undefined;
  if (!request || !ticket || !canViewTicket({ user: actor, ticket })) throw vaultErrors.notFound();
  return { request, ticket };
}

export async function findVisibleTicket({ db, actor, ticketId }: { db: DbOrTrx; actor: User; ticketId: string }): Promise<Ticket> {
  const ticket = await createTicketsRepository({ db }).findTicket({ id: ticketId });
  if (!ticket || !canViewTicket({ user: actor, ticket })) throw vaultErrors.notFound({ message: 'No such ticket.' });
  return ticket;
}

/** A vault event on the ticket's timeline (the audit trail the customer also reads); never a secret. */
export async function insertVaultEvent({
  trx,
  request,
  actorId,
  type,
  extra = {},
  at,
}: {
  trx: DbOrTrx;
  request: Pick<VaultRequest, 'id' | 'ticket_id' | 'kind'>;
  actorId: string;
  type: string;
  extra?: Record<string, unknown>;
  at: number;
}): Promise<void> {
  await createTicketsRepository({ db: trx }).insertEvent({
    ticketId: request.ticket_id,
    actorId,
    type,
    data: { requestId: request.id, kind: request.kind, ...extra },
    at,
  });
}
