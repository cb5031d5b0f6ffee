import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// Webhooks: subscriptions, the events written in the transactions of the changes that caused
// them (an outbox), one delivery per event and subscription, and every attempt (the delivery log).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // A JSON array of event types.
    .addColumn('events', 'text', (c) => c.notNull())
    // The HMAC key; it must be kept to sign, so it cannot be stored as a hash.
    .addColumn('secret', 'text', (c) => c.notNull())
    // active | paused
    .addColumn('status', 'text', (c) => c.notNull())
    // admin | failing
    .addColumn('paused_reason', 'text')
    // Since when every attempt failed (cleared by a success): a day of that pauses the subscription.
    .addColumn('failing_since', 'bigint')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_events')
    // A UUIDv7: time-ordered, so it also orders the events of one lane.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    // Events of one lane (a ticket, a license) are delivered in order.
    .addColumn('lane', 'text', (c) => c.notNull())
    .addColumn('ticket_id', 'text')
    // What the event is about, as written by the change (JSON).
    .addColumn('data', 'text', (c) => c.notNull())
    // The JSON body sent, fixed at the first attempt so that every attempt and subscription gets the same bytes.
    .addColumn('body', 'text')
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_events_occurred_idx').on('webhook_events').column('occurred_at').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('webhook_events.id').onDelete('cascade'))
    .addColumn('lane', 'text', (c) => c.notNull())
    // pending | delivered | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['subscription_id', 'event_id'])
    .execute();
  // The head of each lane: the oldest pending event of a subscription and lane.
  await db.schema.createIndex('webhook_deliveries_lane_idx').on('webhook_deliveries').columns(['subscription_id', 'lane', 'status', 'event_id']).execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    // The request's headers (JSON): the signature is no secret, it only proves the body.
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    // The start of the receiver's answer, for the log.
    .addColumn('response_body', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').columns(['subscription_id', 'event_id', 'attempt']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_events', 'webhook_subscriptions']) await db.schema.dropTable(table).execute();
}
