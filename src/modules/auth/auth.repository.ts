import type { DbOrTrx } from '../../db/database.js';
import type { Session } from '../../db/types.js';

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
    async deleteExpiredSessions({ now }: { now: number }): Promise<number> {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
