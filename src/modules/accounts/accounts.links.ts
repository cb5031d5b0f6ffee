import type { Db, DbOrTrx } from '../../db/database.js';
import type { User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId, createSecret, hashSecret } from '../../shared/ids.js';
import { endCredentials } from '../auth/auth.credentials.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import type { LinkMailTemplate } from '../mail/mail.templates.js';
import { hashPassword } from './accounts.passwords.js';
import { createAccountsRepository } from './accounts.repository.js';

export const VERIFY_TTL_MS = 48 * 3600_000;
export const RESET_TTL_MS = 2 * 3600_000;
export const INVITE_TTL_MS = 14 * 24 * 3600_000;

type Purpose = 'verify_email' | 'reset_password';

/** Where each mailed link leads in the web app. */
const PAGE_OF: Record<Purpose, string> = { verify_email: 'verify-email', reset_password: 'reset-password' };

/**
 * Mailed one-time links and what following them does: verify an address, set a password. Every
 * link ends, together with every session and every other link, when it is used: whoever proves
 * they hold the mailbox starts from a clean slate (no account pre-hijacking, finding 2).
 */
export function createAccountLinks({ db, clock, mail, publicUrl }: { db: Db; clock: Clock; mail: MailOutbox; publicUrl: string }) {
  async function issueOneTimeToken({ trx, userId, purpose, ttlMs }: { trx: DbOrTrx; userId: string; purpose: Purpose; ttlMs: number }): Promise<string> {
    const token = createSecret();
    const now = clock.now();
    await trx
      .insertInto('one_time_tokens')
      .values({ id: createId(), user_id: userId, purpose, token_hash: hashSecret(token), expires_at: now + ttlMs, used_at: null, created_at: now })
      .execute();
    return token;
  }

  /** Consumes a one-time token: valid once, before it expires. Returns the user it belongs to. */
  async function consumeOneTimeToken({ trx, token, purposes }: { trx: DbOrTrx; token: string; purposes: Purpose[] }): Promise<User | undefined> {
    const now = clock.now();
    const row = await trx
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', hashSecret(token))
      .where('purpose', 'in', purposes)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id'])
      .executeTakeFirst();
    if (!row) return undefined;
    return createAccountsRepository({ db: trx }).findUserById({ id: row.user_id });
  }

  /** Issues a link and writes its mail in the caller's transaction. */
  async function mailLink({
    trx,
    user,
    purpose,
    template,
    ttlMs,
  }: {
    trx: DbOrTrx;
    user: User;
    purpose: Purpose;
    template: LinkMailTemplate;
    ttlMs: number;
  }): Promise<void> {
    const token = await issueOneTimeToken({ trx, userId: user.id, purpose, ttlMs });
    await mail.enqueue({
      trx,
      to: user.email,
      toName: user.name,
      template,
      language: user.language,
      name: user.name,
      link: `${publicUrl}/${PAGE_OF[purpose]}?token=${token}`,
    });
  }

  /**
   * Sets the password from a link the mailbox's holder followed, verifies the address, and ends
   * every session and link that existed before (API tokens too when `revokeTokens`).
   */
  async function setPasswordFromLink({
    token,
    password,
    purposes,
    revokeTokens,
  }: {
    token: string;
    password: string;
    purposes: Purpose[];
    revokeTokens: boolean;
  }): Promise<{ user: User } | undefined> {
    const passwordHash = await hashPassword(password);
    return db.transaction().execute(async (trx) => {
      const user = await consumeOneTimeToken({ trx, token, purposes });
      if (!user || user.disabled_at !== null) return undefined;
      const now = clock.now();
      await endCredentials({ trx, userId: user.id, at: now, revokeTokens });
      const updated = await createAccountsRepository({ db: trx }).updateUser({
        id: user.id,
        changes: { password_hash: passwordHash, email_verified_at: user.email_verified_at ?? now, updated_at: now },
      });
      return updated ? { user: updated } : undefined;
    });
  }

  return {
    issueOneTimeToken,
    mailLink,

    /**
     * Confirms an address from the mailed link. The person following it chooses the password here:
     * whoever signed up with this address before (perhaps not its owner) loses their password,
     * sessions and tokens. Undefined for an unknown, used or expired link.
     */
    verifyEmail({ token, password }: { token: string; password: string }): Promise<{ user: User } | undefined> {
      return setPasswordFromLink({ token, password, purposes: ['verify_email'], revokeTokens: true });
    },

    /** Sets a new password from a reset (or invitation) link; this also verifies the address and ends every session and other link. */
    resetPassword({ token, password, revokeTokens = false }: { token: string; password: string; revokeTokens?: boolean }) {
      return setPasswordFromLink({ token, password, purposes: ['reset_password'], revokeTokens });
    },
  };
}
