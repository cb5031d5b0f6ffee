import type { Db } from '../../db/database.js';
import type { Session, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createSecret, hashSecret } from '../../shared/ids.js';
import { normalizeEmail } from '../accounts/accounts.models.js';
import { getDummyHash, verifyPassword } from '../accounts/accounts.passwords.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import { authErrors } from './auth.errors.js';
import { isThrottled, SESSION_TOUCH_INTERVAL_MS, THROTTLE_WINDOW_MS, throttleKeys } from './auth.models.js';
import { createAuthRepository } from './auth.repository.js';

export type AuthUsecases = ReturnType<typeof createAuthUsecases>;

export function createAuthUsecases({ db, clock, sessionDays }: { db: Db; clock: Clock; sessionDays: number }) {
  const sessionTtlMs = sessionDays * 24 * 3600_000;
  const auth = createAuthRepository({ db });

  /** Opens a session; the token goes to the cookie, only its hash is stored. */
  async function startSession({ user, ip, userAgent }: { user: User; ip?: string; userAgent?: string }) {
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
    };
    await auth.insertSession({ session });
    return { token, session };
  }

  return {
    startSession,

    /** Checks a password, throttling failures per account and per address (kept in the database). */
    async signIn({ email, password, ip, userAgent }: { email: string; password: string; ip: string; userAgent?: string }) {
      const normalized = normalizeEmail(email);
      const keys = throttleKeys({ email: normalized, ip });
      const since = clock.now() - THROTTLE_WINDOW_MS;
      const [accountFailures, ipFailures] = await Promise.all([auth.countFailures({ key: keys.account, since }), auth.countFailures({ key: keys.ip, since })]);
      if (isThrottled({ accountFailures, ipFailures })) throw authErrors.throttled({ headers: { 'retry-after': String(THROTTLE_WINDOW_MS / 1000) } });

      const user = await createAccountsRepository({ db }).findUserByEmail({ email: normalized });
      const isValid = await verifyPassword({ hash: user?.password_hash ?? (await getDummyHash()), password });
      if (!user || !user.password_hash || !isValid) {
        await auth.recordFailures({ keys: [keys.account, keys.ip], at: clock.now() });
        throw authErrors.invalidCredentials();
      }
      if (user.disabled_at !== null) throw authErrors.accountDisabled();
      await auth.clearFailures({ key: keys.account });
      const { token, session } = await startSession({ user, ip, userAgent });
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

    async signOut({ sessionId }: { sessionId: string }): Promise<void> {
      await auth.deleteSession({ id: sessionId });
    },

    async signOutEverywhere({ userId }: { userId: string }): Promise<{ ended: number }> {
      return { ended: await auth.deleteSessionsOfUser({ userId }) };
    },

    /** Housekeeping job: drops expired sessions and old sign-in failures. */
    async purgeExpired(): Promise<{ sessions: number; failures: number }> {
      const now = clock.now();
      return { sessions: await auth.deleteExpiredSessions({ now }), failures: await auth.deleteFailuresBefore({ before: now - THROTTLE_WINDOW_MS }) };
    },
  };
}
