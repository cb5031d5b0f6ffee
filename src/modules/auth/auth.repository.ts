import type { DbOrTrx } from '../../db/database.js';
import type { Session } from '../../db/types.js';
import { createId } from '../../shared/ids.js';

export function createAuthRepository({ db }: { db: DbOrTrx }) {
  return {
    async insertSession({ session }: { session: Session }): Promise<void> {
      await db.insertInto('sessions').values(session).execute();
    },
    async findSession({ id, now }: { id: string; now: number }): Promise<Session | undefined> {
      return db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
    },
    async touchSession({ id, now, expiresAt }: { id: string; now: number; expiresAt: number }): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async deleteSession({ id }: { id: string }): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteSessionsOfUser({ userId }: { userId: string }): Promise<number> {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpiredSessions({ now }: { now: number }): Promise<number> {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async countFailures({ key, since }: { key: string; since: number }): Promise<number> {
      const row = await db
        .selectFrom('sign_in_failures')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async recordFailures({ keys, at }: { keys: string[]; at: number }): Promise<void> {
      await db
        .insertInto('sign_in_failures')
        .values(keys.map((key) => ({ id: createId(), key, at })))
        .execute();
    },
    async clearFailures({ key }: { key: string }): Promise<void> {
      await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
    },
    async deleteFailuresBefore({ before }: { before: number }): Promise<number> {
      const result = await db.deleteFrom('sign_in_failures').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
