import type { DbOrTrx } from '../../db/database.js';

/**
 * Ends what lets someone act as a user, inside the caller's transaction: every session, every
 * unused mailed link (verification, reset, invitation) and, when asked, every API token. Used when
 * a password is replaced, an address is verified or claimed, or the person signs out everywhere.
 */
export async function endCredentials({
  trx,
  userId,
  at,
  revokeTokens,
}: {
  trx: DbOrTrx;
  userId: string;
  at: number;
  revokeTokens: boolean;
}): Promise<{ sessions: number; tokens: number }> {
  const sessions = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  await trx.updateTable('one_time_tokens').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  let tokens = 0;
  if (revokeTokens) {
    const result = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    tokens = Number(result.numUpdatedRows);
  }
  return { sessions: Number(sessions.numDeletedRows), tokens };
}
