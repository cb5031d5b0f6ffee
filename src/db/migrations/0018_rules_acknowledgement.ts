import type { Kysely } from 'kysely';

// Frozen: migrations import no application code and are never edited once released.
// The support rules a customer acknowledged, on the account: which version and when, so the
// rules are asked once per account (not per browser) and agents can see the agreement.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('rules_version', 'text').execute();
  await db.schema.alterTable('users').addColumn('rules_acknowledged_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('rules_acknowledged_at').execute();
  await db.schema.alterTable('users').dropColumn('rules_version').execute();
}
