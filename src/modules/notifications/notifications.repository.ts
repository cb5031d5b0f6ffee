import type { DbOrTrx } from '../../db/database.js';
import type { User } from '../../db/types.js';
import type { StoredPreferences } from './notifications.models.js';

export interface Recipient {
  user: User;
  stored: StoredPreferences | undefined;
}

function parse(value: string | null): StoredPreferences | undefined {
  return value === null ? undefined : (JSON.parse(value) as StoredPreferences);
}

export function createNotificationsRepository({ db }: { db: DbOrTrx }) {
  return {
    async readPreferences({ userId }: { userId: string }): Promise<StoredPreferences | undefined> {
      const row = await db.selectFrom('notification_preferences').select('value').where('user_id', '=', userId).executeTakeFirst();
      return parse(row?.value ?? null);
    },

    async writePreferences({ userId, stored, at }: { userId: string; stored: StoredPreferences; at: number }): Promise<void> {
      const value = JSON.stringify(stored);
      await db
        .insertInto('notification_preferences')
        .values({ user_id: userId, value, updated_at: at })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ value, updated_at: at }))
        .execute();
    },

    /** An active person with their preferences. */
    async findRecipient({ userId }: { userId: string }): Promise<Recipient | undefined> {
      const row = await db
        .selectFrom('users')
        .leftJoin('notification_preferences as p', 'p.user_id', 'users.id')
        .selectAll('users')
        .select('p.value as preferences')
        .where('users.id', '=', userId)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const { preferences, ...user } = row;
      return { user, stored: parse(preferences) };
    },

    /** Every active agent and admin with their preferences. */
    async listStaffRecipients(): Promise<Recipient[]> {
      const rows = await db
        .selectFrom('users')
        .leftJoin('notification_preferences as p', 'p.user_id', 'users.id')
        .selectAll('users')
        .select('p.value as preferences')
        .where('users.role', 'in', ['agent', 'admin'])
        .where('users.disabled_at', 'is', null)
        .orderBy('users.created_at')
        .execute();
      return rows.map(({ preferences, ...user }) => ({ user, stored: parse(preferences) }));
    },

    /** Records a one-time notice; false when it was already recorded (so it is not sent twice). */
    async claimNotice({ subjectId, notice, version, at }: { subjectId: string; notice: string; version: number; at: number }): Promise<boolean> {
      const result = await db
        .insertInto('mail_notices')
        .values({ subject_id: subjectId, notice, version, created_at: at })
        .onConflict((oc) => oc.columns(['subject_id', 'notice', 'version']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    /** Waiting messages due in (now, before] that have not had this notice. */
    async listWaitingDue({ after, before, notice, limit }: { after: number | null; before: number; notice: string; limit: number }) {
      let q = db
        .selectFrom('ticket_messages as m')
        .innerJoin('tickets as t', 't.id', 'm.ticket_id')
        .select(['m.id as message_id', 'm.reply_due_at', 't.id as ticket_id'])
        .where('m.is_waiting', '=', 1)
        .where('m.reply_due_at', 'is not', null)
        .where('m.reply_due_at', '<=', before)
        .where('t.status', '=', 'open')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('mail_notices as n').select('n.subject_id').whereRef('n.subject_id', '=', 'm.id').where('n.notice', '=', notice))),
        );
      if (after !== null) q = q.where('m.reply_due_at', '>', after);
      return q.orderBy('m.reply_due_at').limit(limit).execute();
    },

    /** Pending tickets whose last agent reply is older than `before` and that had no reminder for it. */
    async listPendingSince({ before, limit }: { before: number; limit: number }) {
      return db
        .selectFrom('tickets as t')
        .select(['t.id as ticket_id', 't.last_agent_reply_at'])
        .where('t.status', '=', 'pending')
        .where('t.last_agent_reply_at', 'is not', null)
        .where('t.last_agent_reply_at', '<=', before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('mail_notices as n')
                .select('n.subject_id')
                .whereRef('n.subject_id', '=', 't.id')
                .where('n.notice', '=', 'pending_reminder')
                .whereRef('n.version', '=', 't.last_agent_reply_at'),
            ),
          ),
        )
        .orderBy('t.last_agent_reply_at')
        .limit(limit)
        .execute();
    },
  };
}
