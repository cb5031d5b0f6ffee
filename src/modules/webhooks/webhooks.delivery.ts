import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/database.js';
import type { WebhookDelivery } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { isAcknowledged, PAUSE_AFTER_MS, RETRY_FOR_MS, retryDelayMs, signPayload } from './webhooks.models.js';
import { buildWebhookBody } from './webhooks.payloads.js';
import { postWebhook, type PostResult } from './webhooks.sender.js';
import { readWebhookSettings } from './webhooks.settings.js';

export type WebhookSender = ReturnType<typeof createWebhookDelivery>;

/**
 * Sends pending deliveries (the `webhooks.deliver` job): for each subscription and lane (a ticket,
 * a license) only the oldest pending event, so a receiver sees a ticket's events in order. A
 * delivery is leased while it is sent; a process that dies mid-request leaves the lease to run
 * out and the delivery is sent again (same event id: a receiver that deduplicates sees it once).
 */
export function createWebhookDelivery({
  db,
  clock,
  logger,
  outbox,
  publicUrl,
  post = postWebhook,
  concurrency = 8,
  leaseMs = 30_000,
  timeoutMs = 10_000,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  outbox: Pick<MailOutbox, 'enqueue'>;
  publicUrl: string;
  post?: typeof postWebhook;
  concurrency?: number;
  leaseMs?: number;
  timeoutMs?: number;
}) {
  const workerId = `${hostname()}:${process.pid}:${createId().slice(-8)}`;

  async function findDueHeads(limit: number): Promise<WebhookDelivery[]> {
    const now = clock.now();
    return db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .selectAll('d')
      .where('s.status', '=', 'active')
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_deliveries as e')
              .select('e.event_id')
              .whereRef('e.subscription_id', '=', 'd.subscription_id')
              .whereRef('e.lane', '=', 'd.lane')
              .where('e.status', '=', 'pending')
              .whereRef('e.event_id', '<', 'd.event_id'),
          ),
        ),
      )
      .orderBy('d.next_attempt_at')
      .limit(limit)
      .execute();
  }

  async function claim(d: WebhookDelivery): Promise<boolean> {
    const now = clock.now();
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ locked_by: workerId, locked_until: now + leaseMs })
      .where('subscription_id', '=', d.subscription_id)
      .where('event_id', '=', d.event_id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The event's body, fixed by the first attempt that needs it. */
  async function bodyOf(eventId: string): Promise<{ body: string; type: string }> {
    const event = await db.selectFrom('webhook_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    if (event.body !== null) return { body: event.body, type: event.type };
    const body = await buildWebhookBody({ db, event, now: clock.now() });
    await db.updateTable('webhook_events').set({ body }).where('id', '=', eventId).where('body', 'is', null).execute();
    const stored = await db.selectFrom('webhook_events').select('body').where('id', '=', eventId).executeTakeFirstOrThrow();
    return { body: stored.body ?? body, type: event.type };
  }

  async function record(
    d: WebhookDelivery,
    attempt: number,
    headers: Record<string, string>,
    result: PostResult,
    startedAt: number,
  ): Promise<'delivered' | 'retry' | 'failed'> {
    const now = clock.now();
    const isOk = result.statusCode !== null && isAcknowledged(result.statusCode);
    const outcome = isOk ? 'delivered' : now - d.created_at >= RETRY_FOR_MS ? 'failed' : 'retry';
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('webhook_deliveries')
        .set({
          status: outcome === 'retry' ? 'pending' : outcome,
          attempts: attempt,
          next_attempt_at: outcome === 'retry' ? now + retryDelayMs(attempt) : d.next_attempt_at,
          locked_by: null,
          locked_until: null,
          last_status_code: result.statusCode,
          last_error: result.error,
          finished_at: outcome === 'retry' ? null : now,
        })
        .where('subscription_id', '=', d.subscription_id)
        .where('event_id', '=', d.event_id)
        .where('locked_by', '=', workerId)
        .executeTakeFirst();
      // Another worker took over after our lease ran out: its attempt is the one that counts.
      if (Number(updated.numUpdatedRows) === 0) return;
      await trx
        .insertInto('webhook_attempts')
        .values({
          id: createId(),
          subscription_id: d.subscription_id,
          event_id: d.event_id,
          attempt,
          started_at: startedAt,
          duration_ms: result.durationMs,
          request_headers: JSON.stringify(headers),
          status_code: result.statusCode,
          error: result.error,
          response_body: result.responseBody,
        })
        .execute();
      const subscription = await trx.selectFrom('webhook_subscriptions').selectAll().where('id', '=', d.subscription_id).executeTakeFirst();
      if (!subscription) return;
      if (isOk) {
        if (subscription.failing_since !== null) {
          // The receiver is back: what waited for its backoff goes now, not in up to an hour.
          await trx.updateTable('webhook_subscriptions').set({ failing_since: null }).where('id', '=', subscription.id).execute();
          await trx
            .updateTable('webhook_deliveries')
            .set({ next_attempt_at: now })
            .where('subscription_id', '=', subscription.id)
            .where('status', '=', 'pending')
            .where('next_attempt_at', '>', now)
            .execute();
        }
        return;
      }
      if (subscription.failing_since === null) {
        await trx.updateTable('webhook_subscriptions').set({ failing_since: now }).where('id', '=', subscription.id).execute();
        return;
      }
      if (subscription.status === 'active' && now - subscription.failing_since >= PAUSE_AFTER_MS) {
        await trx
          .updateTable('webhook_subscriptions')
          .set({ status: 'paused', paused_reason: 'failing', updated_at: now })
          .where('id', '=', subscription.id)
          .execute();
        const admins = await trx.selectFrom('users').selectAll().where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
        for (const admin of admins)
          await outbox.enqueue({
            trx,
            to: admin.email,
            toName: admin.name,
            template: 'webhook_paused',
            language: admin.language,
            name: admin.name,
            link: `${publicUrl}/admin/webhooks`,
          });
        logger.warn({ subscriptionId: subscription.id }, 'webhook subscription paused after a day of failed deliveries');
      }
    });
    return outcome;
  }

  async function attempt(d: WebhookDelivery, allowPrivate: boolean): Promise<'delivered' | 'retry' | 'failed' | 'skipped'> {
    if (!(await claim(d))) return 'skipped';
    const subscription = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', d.subscription_id).executeTakeFirst();
    if (!subscription) return 'skipped';
    const { body, type } = await bodyOf(d.event_id);
    const startedAt = clock.now();
    const attemptNumber = d.attempts + 1;
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Supportdesk-Webhooks/1',
      'supportdesk-event-id': d.event_id,
      'supportdesk-event-type': type,
      'supportdesk-delivery-attempt': String(attemptNumber),
      'supportdesk-signature': signPayload({ secret: subscription.secret, body, timestamp: Math.floor(startedAt / 1000) }),
    };
    const result = await post({ url: subscription.url, body, headers, allowPrivate, timeoutMs });
    return record(d, attemptNumber, headers, result, startedAt);
  }

  return {
    workerId,
    /**
     * Sends every delivery that is due, lane heads first, several lanes at once, until nothing is
     * due or `budgetMs` has passed (the job then runs again shortly).
     */
    async deliverDue({ budgetMs = 25_000 }: { budgetMs?: number } = {}): Promise<{ delivered: number; retried: number; failed: number }> {
      const counts = { delivered: 0, retried: 0, failed: 0 };
      const started = performance.now();
      const { allowPrivateTargets } = await readWebhookSettings({ db });
      for (;;) {
        const heads = await findDueHeads(concurrency * 4);
        if (heads.length === 0) break;
        let next = 0;
        const workers = Array.from({ length: Math.min(concurrency, heads.length) }, async () => {
          while (next < heads.length) {
            const outcome = await attempt(heads[next++]!, allowPrivateTargets);
            if (outcome === 'delivered') counts.delivered++;
            else if (outcome === 'retry') counts.retried++;
            else if (outcome === 'failed') counts.failed++;
          }
        });
        await Promise.all(workers);
        if (performance.now() - started > budgetMs) break;
      }
      if (counts.delivered + counts.retried + counts.failed > 0) logger.info(counts, 'webhook deliveries');
      return counts;
    },
  };
}
