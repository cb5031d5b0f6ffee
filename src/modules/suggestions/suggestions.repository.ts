import { sql } from 'kysely';
import type { DbOrTrx, DialectName } from '../../db/database.js';
import type { SuggestionRequest } from '../../db/types.js';

export function createSuggestionsRepository({ db }: { db: DbOrTrx }) {
  return {
    /**
     * Serialises requests for one address across processes (PostgreSQL), so that a burst cannot
     * pass the limit check all at once; SQLite runs one write transaction at a time anyway.
     */
    async lockAddress({ dialect, email }: { dialect: DialectName; email: string }): Promise<void> {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`suggestions:${email}`}))`.execute(db);
    },

    /** When requests from this address and from this network address were sent since `since`. */
    async listRecent({ email, ip, since }: { email: string; ip: string | null; since: number }): Promise<{ byAddress: number[]; byIp: number[] }> {
      const byAddress = await db.selectFrom('suggestion_requests').select('created_at').where('email', '=', email).where('created_at', '>', since).execute();
      const byIp = ip ? await db.selectFrom('suggestion_requests').select('created_at').where('ip', '=', ip).where('created_at', '>', since).execute() : [];
      return { byAddress: byAddress.map((r) => Number(r.created_at)), byIp: byIp.map((r) => Number(r.created_at)) };
    },

    async insert({ request }: { request: SuggestionRequest }): Promise<void> {
      await db.insertInto('suggestion_requests').values(request).execute();
    },

    async findByTokenHash({ tokenHash }: { tokenHash: string }): Promise<SuggestionRequest | undefined> {
      return db.selectFrom('suggestion_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },

    async markConfirmed({ id, at }: { id: string; at: number }): Promise<void> {
      await db.updateTable('suggestion_requests').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
    },

    async setTicket({ id, ticketId }: { id: string; ticketId: string }): Promise<void> {
      await db.updateTable('suggestion_requests').set({ ticket_id: ticketId }).where('id', '=', id).execute();
    },

    /** Forgets unconfirmed requests older than `before`; returns how many. */
    async purgeUnconfirmed({ before }: { before: number }): Promise<number> {
      const result = await db.deleteFrom('suggestion_requests').where('confirmed_at', 'is', null).where('created_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
