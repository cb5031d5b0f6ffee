import type { DbOrTrx } from '../../db/database.js';

/** The headers that put a mail into its ticket's thread. */
export interface ThreadHeaders {
  inReplyTo: string;
  references: string[];
}

/** The thread root of a ticket that did not start by mail: stable, so every mail about it threads. */
export function syntheticRootId({ ticketId, mailDomain }: { ticketId: string; mailDomain: string }): string {
  return `<ticket-${ticketId}@${mailDomain}>`;
}

/** The thread of a ticket that was just opened with `first`: no need to read it back. */
export function threadOfNewTicket({
  ticketId,
  first,
  mailDomain,
}: {
  ticketId: string;
  first: { source: string; external_id: string | null };
  mailDomain: string;
}): ThreadHeaders {
  const root = first.source === 'mail' && first.external_id ? first.external_id : syntheticRootId({ ticketId, mailDomain });
  return { inReplyTo: root, references: [root] };
}

/**
 * Where a new mail about a ticket goes in the thread: under the ticket's first mail (the customer's
 * own, when the ticket began by mail) and in reply to the customer's latest mail, if any.
 */
export async function findThreadHeaders({ trx, ticketId, mailDomain }: { trx: DbOrTrx; ticketId: string; mailDomain: string }): Promise<ThreadHeaders> {
  const first = await trx
    .selectFrom('ticket_messages')
    .select(['external_id', 'source'])
    .where('ticket_id', '=', ticketId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const root = first?.source === 'mail' && first.external_id ? first.external_id : syntheticRootId({ ticketId, mailDomain });
  const latest = await trx
    .selectFrom('ticket_messages')
    .select('external_id')
    .where('ticket_id', '=', ticketId)
    .where('source', '=', 'mail')
    .where('author_role', '=', 'customer')
    .where('external_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const inReplyTo = latest?.external_id ?? root;
  return { inReplyTo, references: [...new Set([root, inReplyTo])] };
}

/**
 * The ticket a mail replies to, from its In-Reply-To and References: our thread root
 * (`<ticket-ID@domain>`), any mail we sent about the ticket (the outbox keeps its Message-ID), or
 * the customer's own earlier mail (a message's external id). The latest reference is tried first.
 */
export async function findTicketIdByMessageIds({
  db,
  messageIds,
  mailDomain,
}: {
  db: DbOrTrx;
  messageIds: string[];
  mailDomain: string;
}): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const ordered = [...messageIds].reverse();
  const ours = await db
    .selectFrom('mail_outbox')
    .select(['message_id', 'ticket_id'])
    .where('message_id', 'in', ordered)
    .where('ticket_id', 'is not', null)
    .execute();
  const theirs = await db.selectFrom('ticket_messages').select(['external_id', 'ticket_id']).where('external_id', 'in', ordered).execute();
  const rootPrefix = '<ticket-';
  const rootSuffix = `@${mailDomain}>`.toLowerCase();
  const rootTicketId = (id: string) => {
    const lower = id.toLowerCase();
    const ticketId = lower.slice(rootPrefix.length, lower.length - rootSuffix.length);
    return lower.startsWith(rootPrefix) && lower.endsWith(rootSuffix) && /^[0-9a-f-]{36}$/.test(ticketId) ? ticketId : undefined;
  };
  for (const id of ordered) {
    const found = ours.find((o) => o.message_id === id)?.ticket_id ?? theirs.find((t) => t.external_id === id)?.ticket_id ?? rootTicketId(id);
    if (found) return found;
  }
  return undefined;
}
