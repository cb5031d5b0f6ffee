import type { DbOrTrx } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { TwoFactorTable } from '../../db/types.js';

export type TwoFactor = Selectable<TwoFactorTable>;

export function createTwoFactorRepository({ db }: { db: DbOrTrx }) {
  return {
    async find({ userId }: { userId: string }): Promise<TwoFactor | undefined> {
      return db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
    },
    async isConfirmed({ userId }: { userId: string }): Promise<boolean> {
      const row = await db.selectFrom('two_factor').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
      return row?.confirmed_at != null;
    },
    /** Starts (or restarts) an unconfirmed setup with a new secret. */
    async savePending({ userId, secret, at }: { userId: string; secret: string; at: number }): Promise<void> {
      await db.deleteFrom('two_factor').where('user_id', '=', userId).execute();
      await db
        .insertInto('two_factor')
        .values({ user_id: userId, totp_secret: secret, confirmed_at: null, last_step: null, created_at: at, updated_at: at })
        .execute();
    },
    /** Records the time step of an accepted code, only if it is newer than the last (two requests with one code: one wins). */
    async claimStep({ userId, step, at, confirm }: { userId: string; step: number; at: number; confirm: boolean }): Promise<boolean> {
      const result = await db
        .updateTable('two_factor')
        .set({ last_step: step, updated_at: at, ...(confirm && { confirmed_at: at }) })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async remove({ userId }: { userId: string }): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await db.deleteFrom('two_factor').where('user_id', '=', userId).execute();
    },
    async replaceRecoveryCodes({ userId, rows }: { userId: string; rows: { id: string; code_hash: string; created_at: number }[] }): Promise<void> {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await db
        .insertInto('recovery_codes')
        .values(rows.map((r) => ({ ...r, user_id: userId, used_at: null })))
        .execute();
    },
    /** Uses up a recovery code; false when it is unknown or already used. */
    async useRecoveryCode({ userId, codeHash, at }: { userId: string; codeHash: string; at: number }): Promise<boolean> {
      const result = await db
        .updateTable('recovery_codes')
        .set({ used_at: at })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async countUnusedRecoveryCodes({ userId }: { userId: string }): Promise<number> {
      const row = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
