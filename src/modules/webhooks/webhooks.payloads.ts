import type { DbOrTrx } from '../../db/database.js';
import type { WebhookEvent } from '../../db/types.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { toPublicLicense } from '../licenses/licenses.models.js';
import { createLicensesRepository } from '../licenses/licenses.repository.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import { toMessageView, toTicketView } from '../tickets/tickets.views.js';

const iso = (at: number) => new Date(at).toISOString();

/** Only these parts of a timeline event's data go out (never anything a future event type adds by accident). */
const CHANGE_FIELDS: Record<string, readonly string[]> = {
  'ticket.created': ['kind', 'onBehalfOf', 'followUpOf'],
  'ticket.status_changed': ['from', 'to', 'why'],
  'ticket.resolved': ['from', 'to', 'why', 'reason'],
  'ticket.assigned': ['from', 'to'],
  'ticket.declined': ['reason', 'from'],
  'ticket.rated': ['rating', 'comment'],
};

function pick(data: Record<string, unknown>, fields: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in data).map((f) => [f, data[f]]));
}

/**
 * The JSON body of an event: `{ id, type, createdAt, data }`, where `data` holds the object as the
 * API shows it to an admin, as it is when the event is first sent. Built once per event.
 */
export async function buildWebhookBody({ db, event, now }: { db: DbOrTrx; event: WebhookEvent; now: number }): Promise<string> {
  const raw = JSON.parse(event.data) as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  if (event.ticket_id) {
    const repo = createTicketsRepository({ db });
    const ticket = await repo.findTicket({ id: event.ticket_id });
    if (ticket) {
      const [tags, license, customer] = [
        await repo.listTags({ ticketIds: [ticket.id] }),
        ticket.license_id ? await db.selectFrom('licenses').select('key').where('id', '=', ticket.license_id).executeTakeFirst() : undefined,
        await createAccountsRepository({ db }).findUserById({ id: ticket.customer_id }),
      ];
      data.ticket = {
        ...toTicketView({ ticket, tags: tags.get(ticket.id) ?? [], now, licenseKey: license?.key }),
        customer: customer ? { id: customer.id, name: customer.name, email: customer.email } : null,
      };
    }
  }
  if (event.type === 'message.customer' || event.type === 'message.agent' || event.type === 'ticket.created') {
    // A new ticket comes with its first message, the customer's question.
    const messageId =
      event.type === 'ticket.created' && event.ticket_id
        ? (await db.selectFrom('ticket_messages').select('id').where('ticket_id', '=', event.ticket_id).orderBy('arrived_at').orderBy('id').executeTakeFirst())
            ?.id
        : raw.messageId;
    const message = typeof messageId === 'string' ? await createTicketsRepository({ db }).findMessage({ id: messageId }) : undefined;
    if (message && message.visibility === 'public') {
      const attachments = await db.selectFrom('attachments').selectAll().where('message_id', '=', message.id).execute();
      data.message = toMessageView({ message, attachments });
    }
    if (event.type === 'ticket.created') data.change = pick(raw, CHANGE_FIELDS[event.type]);
  } else if (event.type === 'access.requested') {
    // What was asked for, never what was given: the credentials stay in the vault.
    data.accessRequest = { id: raw.requestId, kind: raw.kind };
  } else if (event.type === 'ticket.breached') {
    data.message = { id: raw.messageId, replyDueAt: typeof raw.replyDueAt === 'number' ? iso(raw.replyDueAt) : null };
  } else if (event.type === 'license.changed' && typeof raw.key === 'string') {
    const license = await createLicensesRepository({ db }).findByKey({ key: raw.key });
    const customer = license && (await createAccountsRepository({ db }).findUserById({ id: license.customer_id }));
    data.license = license ? toPublicLicense(license, customer) : null;
    data.change = { outcome: raw.outcome };
  } else {
    data.change = pick(raw, CHANGE_FIELDS[event.type]);
  }
  return JSON.stringify({ id: event.id, type: event.type, createdAt: iso(event.occurred_at), data });
}
