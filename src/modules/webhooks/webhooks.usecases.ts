import type { Db } from '../../db/database.js';
import type { User, WebhookSubscription } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId, createSecret } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import { createNotificationsRepository } from '../notifications/notifications.repository.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { isPrivateAddress, resolveAll } from './webhooks.address.js';
import { webhooksErrors } from './webhooks.errors.js';
import { laneOf, type WebhookEventType } from './webhooks.models.js';
import { hasWebhookSubscribers, recordWebhookEvents } from './webhooks.outbox.js';
import { readWebhookSettings, WEBHOOK_SETTINGS_KEY, type WebhookSettings } from './webhooks.settings.js';

export type WebhooksUsecases = ReturnType<typeof createWebhooksUsecases>;

const HOUR = 3600_000;
const SECRET_PREFIX = 'whsec_';

/** Subscriptions, their settings and delivery log, and the events that come from time passing (breaches). */
export function createWebhooksUsecases({ db, clock, logger }: { db: Db; clock: Clock; logger: Logger }) {
  /** Refuses a URL that is not http(s), carries credentials, or resolves to a private address (unless allowed). */
  async function checkTarget(url: string): Promise<string> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw webhooksErrors.invalidUrl();
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password || !parsed.hostname) throw webhooksErrors.invalidUrl();
    const { allowPrivateTargets } = await readWebhookSettings({ db });
    if (allowPrivateTargets) return parsed.toString();
    let addresses: { address: string }[];
    try {
      addresses = await resolveAll(parsed.hostname);
    } catch {
      throw webhooksErrors.unresolvable();
    }
    // Every address counts: a name with one public and one private address is refused.
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused || addresses.length === 0) throw webhooksErrors.privateAddress({ details: { address: refused?.address ?? null } });
    return parsed.toString();
  }

  async function findSubscription(id: string): Promise<WebhookSubscription> {
    const found = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw webhooksErrors.notFound();
    return found;
  }

  return {
    checkTarget,
    findSubscription,
    readSettings: () => readWebhookSettings({ db }),

    async writeSettings({ settings, actor }: { settings: WebhookSettings; actor: User }): Promise<WebhookSettings> {
      await createSettingsRepository({ db }).write({ key: WEBHOOK_SETTINGS_KEY, value: settings, at: clock.now(), by: actor.id });
      return settings;
    },

    async listSubscriptions(): Promise<WebhookSubscription[]> {
      return db.selectFrom('webhook_subscriptions').selectAll().orderBy('created_at').orderBy('id').execute();
    },

    /** A new subscription with a fresh signing secret, returned this once. */
    async createSubscription({ url, events, description, actor }: { url: string; events: WebhookEventType[]; description: string; actor: User }) {
      const checked = await checkTarget(url);
      const now = clock.now();
      const subscription: WebhookSubscription = {
        id: createId(),
        url: checked,
        description,
        events: JSON.stringify([...new Set(events)]),
        secret: createSecret({ prefix: SECRET_PREFIX }),
        status: 'active',
        paused_reason: null,
        failing_since: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('webhook_subscriptions').values(subscription).execute();
      return subscription;
    },

    async updateSubscription({
      id,
      changes,
    }: {
      id: string;
      changes: { url?: string; events?: WebhookEventType[]; description?: string; status?: 'active' | 'paused' };
    }): Promise<WebhookSubscription> {
      const current = await findSubscription(id);
      const url = changes.url !== undefined && changes.url !== current.url ? await checkTarget(changes.url) : undefined;
      const resumed = changes.status === 'active' && current.status !== 'active';
      await db
        .updateTable('webhook_subscriptions')
        .set({
          ...(url !== undefined && { url }),
          ...(changes.events && { events: JSON.stringify([...new Set(changes.events)]) }),
          ...(changes.description !== undefined && { description: changes.description }),
          ...(changes.status !== undefined && { status: changes.status, paused_reason: changes.status === 'paused' ? 'admin' : null }),
          // A resumed subscription starts with a clean slate: a day of failures from now pauses it again.
          ...(resumed && { failing_since: null }),
          updated_at: clock.now(),
        })
        .where('id', '=', id)
        .execute();
      if (resumed)
        await db
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: clock.now() })
          .where('subscription_id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      return findSubscription(id);
    },

    async deleteSubscription({ id }: { id: string }): Promise<void> {
      await findSubscription(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('webhook_attempts').where('subscription_id', '=', id).execute();
        await trx.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
        await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
      });
    },

    /** A new signing secret; the old one stops working at once. */
    async rotateSecret({ id }: { id: string }): Promise<WebhookSubscription> {
      await findSubscription(id);
      await db
        .updateTable('webhook_subscriptions')
        .set({ secret: createSecret({ prefix: SECRET_PREFIX }), updated_at: clock.now() })
        .where('id', '=', id)
        .execute();
      return findSubscription(id);
    },

    /** The delivery log of a subscription, newest first. */
    async listDeliveries({ subscriptionId, status, limit, before }: { subscriptionId: string; status?: string; limit: number; before?: string }) {
      await findSubscription(subscriptionId);
      let q = db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
        .selectAll('d')
        .select(['e.type', 'e.ticket_id', 'e.occurred_at'])
        .where('d.subscription_id', '=', subscriptionId);
      if (status) q = q.where('d.status', '=', status as 'pending');
      if (before) q = q.where('d.event_id', '<', before);
      return q.orderBy('d.event_id', 'desc').limit(limit).execute();
    },

    async findDelivery({ subscriptionId, eventId }: { subscriptionId: string; eventId: string }) {
      const delivery = await db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
        .selectAll('d')
        .select(['e.type', 'e.ticket_id', 'e.occurred_at', 'e.body'])
        .where('d.subscription_id', '=', subscriptionId)
        .where('d.event_id', '=', eventId)
        .executeTakeFirst();
      if (!delivery) throw webhooksErrors.deliveryNotFound();
      const attempts = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('event_id', '=', eventId)
        .orderBy('attempt')
        .orderBy('started_at')
        .execute();
      return { delivery, attempts };
    },

    /** Sends a delivery again (the same event id and body), now. */
    async redeliver({ subscriptionId, eventId }: { subscriptionId: string; eventId: string }): Promise<void> {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: clock.now(), finished_at: null, locked_by: null, locked_until: null })
        .where('subscription_id', '=', subscriptionId)
        .where('event_id', '=', eventId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw webhooksErrors.deliveryNotFound();
    },

    /**
     * `ticket.breached`: a guaranteed message's reply due passed unanswered. Once per message
     * (recorded with the event, in one transaction); due times passed more than a day before the
     * scan are not news any more.
     */
    async scanBreaches(): Promise<{ breached: number }> {
      if (!(await hasWebhookSubscribers({ db, type: 'ticket.breached' }))) return { breached: 0 };
      const now = clock.now();
      const due = await createNotificationsRepository({ db }).listWaitingDue({
        after: now - 24 * HOUR,
        before: now - 1,
        notice: 'webhook_breached',
        limit: 500,
      });
      let breached = 0;
      for (const m of due) {
        await db.transaction().execute(async (trx) => {
          if (!(await createNotificationsRepository({ db: trx }).claimNotice({ subjectId: m.message_id, notice: 'webhook_breached', version: 0, at: now })))
            return;
          breached += await recordWebhookEvents({
            db: trx,
            types: ['ticket.breached'],
            lane: laneOf({ ticketId: m.ticket_id }),
            ticketId: m.ticket_id,
            data: { messageId: m.message_id, replyDueAt: m.reply_due_at },
            at: now,
          });
        });
      }
      if (breached > 0) logger.info({ breached }, 'ticket.breached webhook events');
      return { breached };
    },

    /** Drops finished deliveries, their attempts and events older than `olderThanMs`. */
    async purgeOld({ olderThanMs }: { olderThanMs: number }): Promise<void> {
      const before = clock.now() - olderThanMs;
      const old = db.selectFrom('webhook_events').select('id').where('occurred_at', '<', before);
      await db.deleteFrom('webhook_attempts').where('event_id', 'in', old).execute();
      await db.deleteFrom('webhook_deliveries').where('event_id', 'in', old).where('status', '!=', 'pending').execute();
      await db
        .deleteFrom('webhook_events')
        .where('occurred_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('webhook_deliveries as d').select('d.event_id').whereRef('d.event_id', '=', 'webhook_events.id'))),
        )
        .execute();
    },
  };
}
