import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// The due-soonest and overdue queues read tickets in reply-due order. An index led by status
// cannot give that order for two statuses (open and pending), so the database sorted every
// waiting ticket per page (260 ms at a million tickets). Only waiting tickets have a due time.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('tickets_reply_due_idx')
    .on('tickets')
    .columns(['reply_due_at', 'id'])
    .where((eb) => eb('reply_due_at' as never, 'is not', null))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_reply_due_idx').execute();
}
