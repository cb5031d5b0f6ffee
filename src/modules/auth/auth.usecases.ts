import type { Db } from '../../db/database.js';
import type { Session, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createSecret, hashSecret } from '../../shared/ids.js';
import { isVerified, normalizeEmail } from '../accounts/accounts.models.js';
import { getDummyHash, verifyPassword } from '../accounts/accounts.passwords.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { throttleKey } from '../throttles/throttles.models.js';
import { retryAfterHeader, type Throttles } from '../throttles/throttles.usecases.js';
import { recordAudit } from '../audit/audit.repository.js';
import { endCredentials } from './auth.credentials.js';
import { authErrors } from './auth.errors.js';
import { SESSION_TOUCH_INTERVAL_MS } from './auth.models.js';
import { createAuthRepository } from './auth.repository.js';

export type AuthUsecases = ReturnType<typeof createAuthUsecases>;

export function createAuthUsecases({ db, clock, sessionDays, throttles }: { db: Db; clock: Clock; sessionDays: number; throttles: Throttles }) {
  const sessionTtlMs = sessionDays * 24 * 3600_000;
  const auth = createAuthRepository({ db });

  /** Opens a session; the token goes to the cookie, only its hash is stored. */
  async function startSession({ user, ip, userAgent, secondFactorAt = null }: { user: User; ip?: string; userAgent?: string; secondFactorAt?: number | null }) {
    const token = createSecret();
    const now = clock.now();
    const session: Session = {
      id: hashSecret(token),
      user_id: user.id,
      csrf_token: createSecret({ bytes: 24 }),
      created_at: now,
      expires_at: now + sessionTtlMs,
      last_seen_at: now,
      ip: ip ?? null,
      user_agent: userAgent?.slice(0, 300) ?? null,
      second_factor_at: secondFactorAt,
    };
    await auth.insertSession({ session });
    return { token, session };
  }

  return {
    startSession,

    /**
     * Checks a password. The attempt is reserved under three throttles before Argon2 runs (see
     * throttles.usecases.ts): per address and account, per address, and per account (a growing
     * delay, never a lockout). A success gives its reservation back.
     */
    async signIn({ email, password, ip, userAgent }: { email: string; password: string; ip: string; userAgent?: string }) {
      const normalized = normalizeEmail(email);
      const pairKey = throttleKey.signInPair(ip, normalized);
      const reserved = await throttles.reserve({
        checks: [
          { key: pairKey, policy: 'signInPair' },
          { key: throttleKey.signInAddress(ip), policy: 'signInAddress' },
          { key: throttleKey.signInAccount(normalized), policy: 'signInAccount' },
        ],
      });
      if (!reserved.ok) throw authErrors.throttled({ headers: retryAfterHeader(reserved.retryAfterMs) });
      const user = await createAccountsRepository({ db }).findUserByEmail({ email: normalized });
      const isValid = await verifyPassword({ hash: user?.password_hash ?? (await getDummyHash()), password });
      const audit = (action: 'auth.signed_in' | 'auth.sign_in_failed', after: Record<string, unknown> | null = null) =>
        recordAudit({
          trx: db,
          at: clock.now(),
          actor: { id: user?.id ?? null, email: normalized, ip },
          action,
          target: user && { type: 'user', id: user.id, label: user.email },
          after,
        });
      if (!user || !user.password_hash || !isValid) {
        await audit('auth.sign_in_failed', { reason: 'invalid_credentials' });
        throw authErrors.invalidCredentials();
      }
      await throttles.release({ reservation: reserved.reservation });
      await throttles.clear({ key: pairKey });
      if (user.disabled_at !== null) {
        await audit('auth.sign_in_failed', { reason: 'account_disabled' });
        throw authErrors.accountDisabled();
      }
      // Nobody signs in on an address they have not proven (account pre-hijacking, finding 2).
      if (!isVerified(user)) throw authErrors.emailNotVerified();
      const { token, session } = await startSession({ user, ip, userAgent });
      await audit('auth.signed_in');
      return { user, token, session };
    },
    /** Resolves a session cookie to its user, sliding the expiry forward now and then. */
    async authenticateSession({ token }: { token: string }): Promise<{ user: User; session: Session } | undefined> {
      const now = clock.now();
      const session = await auth.findSession({ id: hashSecret(token), now });
      if (!session) return undefined;
      const user = await createAccountsRepository({ db }).findUserById({ id: session.user_id });
      if (!user || user.disabled_at !== null) return undefined;
      if (now - session.last_seen_at > SESSION_TOUCH_INTERVAL_MS) {
        await auth.touchSession({ id: session.id, now, expiresAt: now + sessionTtlMs });
      }
      return { user, session };
    },

    /**
     * Replaces a session by a new one that proved the second factor: a new token at the change of
     * privilege, so a token seen before it (a shared computer, a log) is worth nothing after.
     */
    async upgradeSession({ session, user, ip, userAgent }: { session: Session; user: User; ip?: string; userAgent?: string }) {
      await auth.deleteSession({ id: session.id });
      return startSession({ user, ip, userAgent, secondFactorAt: clock.now() });
    },

    /** Marks a session as having proven the second factor (the person just set it up in it). */
    async markSecondFactor({ sessionId }: { sessionId: string }): Promise<void> {
      await db.updateTable('sessions').set({ second_factor_at: clock.now() }).where('id', '=', sessionId).execute();
    },

    async signOut({ sessionId }: { sessionId: string }): Promise<void> {
      await auth.deleteSession({ id: sessionId });
    },

    /** Ends every session and unused mailed link of the user; API tokens too when asked (they are the integrations' keys). */
    async signOutEverywhere({ userId, revokeTokens = false }: { userId: string; revokeTokens?: boolean }): Promise<{ ended: number; revokedTokens: number }> {
      const { sessions, tokens } = await db.transaction().execute((trx) => endCredentials({ trx, userId, at: clock.now(), revokeTokens }));
      return { ended: sessions, revokedTokens: tokens };
    },

    /** Housekeeping job: drops expired sessions and throttled attempts older than any window. */
    async purgeExpired(): Promise<{ sessions: number; failures: number }> {
      return { sessions: await auth.deleteExpiredSessions({ now: clock.now() }), failures: await throttles.purge() };
    },
  };
}
