import type { DbOrTrx } from '../../db/database.js';
import { createId } from '../../shared/ids.js';
import { laneOf, webhookTypesOfTicketEvent, type WebhookEventType } from './webhooks.models.js';

// Webhook events are written in the transaction of the change that caused them, with one
// delivery row per subscription that wants them: committed together or not at all (an outbox,
// like the mail's). Sending is the `webhooks.deliver` job's work.

const TICKET_EVENTS_WITH_WEBHOOKS = new Set(['created', 'message_added', 'status_changed', 'assigned', 'declined', 'rated', 'access_requested']);

async function activeSubscriptions(db: DbOrTrx): Promise<{ id: string; events: string[] }[]> {
  const rows = await db.selectFrom('webhook_subscriptions').select(['id', 'events']).where('status', '=', 'active').execute();
  return rows.map((r) => ({ id: r.id, events: JSON.parse(r.events) as string[] }));
}

/** Writes events of the given types and their deliveries to the subscriptions that want them. */
export async function recordWebhookEvents({
  db,
  types,
  lane,
  ticketId = null,
  data,
  at,
  subscriptions,
}: {
  db: DbOrTrx;
  types: readonly WebhookEventType[];
  lane: string;
  ticketId?: string | null;
  data: Record<string, unknown>;
  at: number;
  /** The active subscriptions, when the caller already read them. */
  subscriptions?: { id: string; events: string[] }[];
}): Promise<number> {
  if (types.length === 0) return 0;
  const subs = subscriptions ?? (await activeSubscriptions(db));
  let written = 0;
  for (const type of types) {
    const wanting = subs.filter((s) => s.events.includes(type));
    if (wanting.length === 0) continue;
    const id = createId();
    await db
      .insertInto('webhook_events')
      .values({ id, type, lane, ticket_id: ticketId, data: JSON.stringify(data), body: null, occurred_at: at })
      .execute();
    await db
      .insertInto('webhook_deliveries')
      .values(
        wanting.map((s) => ({
          subscription_id: s.id,
          event_id: id,
          lane,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: at,
          locked_by: null,
          locked_until: null,
          last_status_code: null,
          last_error: null,
          created_at: at,
          finished_at: null,
        })),
      )
      .execute();
    written++;
  }
  return written;
}

/** Whether any active subscription wants events of this type (a batch of changes can skip the work). */
export async function hasWebhookSubscribers({ db, type }: { db: DbOrTrx; type: WebhookEventType }): Promise<boolean> {
  return (await activeSubscriptions(db)).some((s) => s.events.includes(type));
}

/**
 * Called for every ticket timeline event, in its transaction (tickets.repository.ts `insertEvent`):
 * the webhook events it stands for. Costs one read of the (small) subscriptions table when nobody
 * listens.
 */
export async function recordTicketWebhookEvents({
  db,
  ticketId,
  type,
  data,
  at,
}: {
  db: DbOrTrx;
  ticketId: string;
  type: string;
  data: Record<string, unknown>;
  at: number;
}): Promise<void> {
  if (!TICKET_EVENTS_WITH_WEBHOOKS.has(type)) return;
  const subscriptions = await activeSubscriptions(db);
  if (subscriptions.length === 0) return;
  let authorRole: 'customer' | 'agent' | 'system' | undefined;
  if (type === 'message_added' && typeof data.messageId === 'string') {
    const message = await db.selectFrom('ticket_messages').select(['author_role', 'visibility']).where('id', '=', data.messageId).executeTakeFirst();
    if (!message || message.visibility !== 'public') return;
    authorRole = message.author_role;
  }
  await recordWebhookEvents({
    db,
    types: webhookTypesOfTicketEvent({ type, data, authorRole }),
    lane: laneOf({ ticketId }),
    ticketId,
    data,
    at,
    subscriptions,
  });
}
