import type { Db, DbOrTrx } from '../../db/database.js';
import type { NewUser, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import { cleanLabel } from '../../shared/text.js';
import type { Logger } from '../../shared/logger.js';
import { endCredentials } from '../auth/auth.credentials.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { throttleKey } from '../throttles/throttles.models.js';
import { retryAfterHeader, type ThrottleCheck, type Throttles } from '../throttles/throttles.usecases.js';
import { accountsErrors } from './accounts.errors.js';
import { createAccountLinks, INVITE_TTL_MS, RESET_TTL_MS, VERIFY_TTL_MS } from './accounts.links.js';
import { hashPassword } from './accounts.passwords.js';
import { isValidTimeZone, isVerified, normalizeEmail, type Language, type Role } from './accounts.models.js';
import { createAccountsRepository } from './accounts.repository.js';
import { SUPPORT_RULES_VERSION } from './accounts.rules.js';

export type AccountsUsecases = ReturnType<typeof createAccountsUsecases>;

interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
  mail: MailOutbox;
  publicUrl: string;
  defaultTimeZone: string;
  throttles: Throttles;
}

export function createAccountsUsecases({ db, clock, logger, mail, publicUrl, defaultTimeZone, throttles }: Deps) {
  const links = createAccountLinks({ db, clock, mail, publicUrl });

  /**
   * Anonymous requests that mail someone: reserved per recipient and per client address before
   * anything else happens, whether or not the address has an account (a refusal reveals nothing).
   */
  async function reserveAnonymousMail({ email, ip, extra = [] }: { email: string; ip: string; extra?: ThrottleCheck[] }): Promise<void> {
    const reserved = await throttles.reserve({
      checks: [{ key: throttleKey.mailRecipient(email), policy: 'mailRecipient' }, { key: throttleKey.mailSender(ip), policy: 'mailSender' }, ...extra],
    });
    if (!reserved.ok) throw accountsErrors.mailThrottled({ headers: retryAfterHeader(reserved.retryAfterMs) });
  }

  function checkTimeZone(zone: string | undefined): string {
    if (zone === undefined) return defaultTimeZone;
    if (!isValidTimeZone(zone)) throw accountsErrors.invalidTimeZone({ details: { timeZone: zone } });
    return zone;
  }

  function newUser(fields: Pick<NewUser, 'email' | 'name' | 'role' | 'password_hash' | 'email_verified_at' | 'language' | 'time_zone'>): NewUser {
    const now = clock.now();
    return { id: createId(), ...fields, disabled_at: null, created_at: now, updated_at: now };
  }

  const inviteLink = (trx: DbOrTrx, user: User) => links.mailLink({ trx, user, purpose: 'reset_password', template: 'invite', ttlMs: INVITE_TTL_MS });

  return {
    issueOneTimeToken: links.issueOneTimeToken,
    verifyEmail: links.verifyEmail,
    resetPassword: links.resetPassword,

    /** Creates an account directly (admin, CLI, the shop): such addresses count as verified. */
    async createUser(args: {
      email: string;
      name: string;
      role: Role;
      password?: string;
      language?: Language;
      timeZone?: string;
      invite?: boolean;
      trx?: DbOrTrx;
    }): Promise<{ user: User }> {
      const email = normalizeEmail(args.email);
      const timeZone = checkTimeZone(args.timeZone);
      const passwordHash = args.password === undefined ? null : await hashPassword(args.password);
      const run = async (trx: DbOrTrx) => {
        // A concurrent creation of the same address loses cleanly here instead of on the unique index.
        const user = await createAccountsRepository({ db: trx }).insertUserIfAbsent({
          user: newUser({
            email,
            name: cleanLabel(args.name) || email.split('@')[0]!,
            role: args.role,
            password_hash: passwordHash,
            email_verified_at: clock.now(),
            language: args.language ?? 'en',
            time_zone: timeZone,
          }),
        });
        if (!user) throw accountsErrors.emailTaken();
        if (args.invite) await inviteLink(trx, user);
        return { user };
      };
      return args.trx ? run(args.trx) : db.transaction().execute(run);
    },

    /**
     * Self sign-up for customers. Answers the same whether or not the email is taken (no account
     * enumeration): a verified address gets a "you already have an account" mail instead, an
     * unverified one a new verification link. Nobody signs in before following that link.
     */
    async signUp(args: { email: string; password: string; name: string; language: Language; timeZone?: string; ip?: string }): Promise<void> {
      const email = normalizeEmail(args.email);
      const timeZone = checkTimeZone(args.timeZone);
      if (args.ip !== undefined) {
        await reserveAnonymousMail({ email, ip: args.ip, extra: [{ key: throttleKey.signUpAddress(args.ip), policy: 'signUpAddress' }] });
      }
      const passwordHash = await hashPassword(args.password);
      await db.transaction().execute(async (trx) => {
        const repo = createAccountsRepository({ db: trx });
        const created = await repo.insertUserIfAbsent({
          user: newUser({
            email,
            name: cleanLabel(args.name) || email.split('@')[0]!,
            role: 'customer',
            password_hash: passwordHash,
            email_verified_at: null,
            language: args.language,
            time_zone: timeZone,
          }),
        });
        if (created) return links.mailLink({ trx, user: created, purpose: 'verify_email', template: 'verify_email', ttlMs: VERIFY_TTL_MS });
        const existing = (await repo.findUserByEmail({ email }))!;
        if (existing.disabled_at !== null) return;
        // Its reset link also proves the address (and replaces whatever password a stranger set).
        return links.mailLink({ trx, user: existing, purpose: 'reset_password', template: 'account_exists', ttlMs: RESET_TTL_MS });
      });
    },

    /** Mails a new verification link to an unverified account; says nothing either way. */
    async resendVerification({ email, ip }: { email: string; ip: string }): Promise<void> {
      const normalized = normalizeEmail(email);
      await reserveAnonymousMail({ email: normalized, ip });
      await db.transaction().execute(async (trx) => {
        const user = await createAccountsRepository({ db: trx }).findUserByEmail({ email: normalized });
        if (!user || user.disabled_at !== null || isVerified(user)) return;
        await links.mailLink({ trx, user, purpose: 'verify_email', template: 'verify_email', ttlMs: VERIFY_TTL_MS });
      });
    },

    /** Mails a reset link when the account exists; says nothing either way. */
    async requestPasswordReset({ email, ip }: { email: string; ip?: string }): Promise<void> {
      const normalized = normalizeEmail(email);
      if (ip !== undefined) await reserveAnonymousMail({ email: normalized, ip });
      await db.transaction().execute(async (trx) => {
        const user = await createAccountsRepository({ db: trx }).findUserByEmail({ email: normalized });
        if (!user || user.disabled_at !== null) return;
        await links.mailLink({ trx, user, purpose: 'reset_password', template: 'reset_password', ttlMs: RESET_TTL_MS });
      });
    },

    /**
     * The shop vouches for an address that has an unverified self sign-up: whoever made that
     * sign-up has not proven the address, so the account starts over as one the shop made. Its
     * password, sessions, tokens and links end, its name becomes the shop's, and the address's
     * owner is invited to set a password and claim the licenses. Call in the license's transaction.
     */
    async claimForVouchedAddress({ trx, user, name, invite }: { trx: DbOrTrx; user: User; name?: string | null; invite: boolean }): Promise<{ user: User }> {
      if (isVerified(user)) return { user };
      const now = clock.now();
      await endCredentials({ trx, userId: user.id, at: now, revokeTokens: true });
      const claimed = await createAccountsRepository({ db: trx }).updateUser({
        id: user.id,
        changes: { password_hash: null, email_verified_at: now, name: cleanLabel(name ?? '') || user.email.split('@')[0]!, updated_at: now },
      });
      // Without an invitation (a quiet import) the owner still gets in with "forgot password".
      if (invite) await inviteLink(trx, claimed!);
      logger.info({ userId: user.id }, 'an unverified sign-up was reset: the shop vouched for its address and its owner was invited');
      return { user: claimed! };
    },

    async updateProfile({
      userId,
      name,
      language,
      timeZone,
    }: {
      userId: string;
      name?: string;
      language?: Language;
      timeZone?: string;
    }): Promise<{ user: User }> {
      if (timeZone !== undefined) checkTimeZone(timeZone);
      const user = await createAccountsRepository({ db }).updateUser({
        id: userId,
        changes: {
          ...(name !== undefined && cleanLabel(name) !== '' && { name: cleanLabel(name) }),
          ...(language !== undefined && { language }),
          ...(timeZone !== undefined && { time_zone: timeZone }),
          updated_at: clock.now(),
        },
      });
      if (!user) throw accountsErrors.userNotFound();
      return { user };
    },

    /**
     * Records that the customer read the support rules of `version` (the current one), on the
     * account, so no other browser asks again. Acknowledging the same version again keeps the
     * first time.
     */
    async acknowledgeSupportRules({ userId, version }: { userId: string; version: string }): Promise<{ user: User }> {
      if (version !== SUPPORT_RULES_VERSION) throw accountsErrors.rulesOutdated({ params: { version: SUPPORT_RULES_VERSION } });
      const repo = createAccountsRepository({ db });
      const now = clock.now();
      await db
        .updateTable('users')
        .set({ rules_version: version, rules_acknowledged_at: now, updated_at: now })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('rules_version', 'is', null), eb('rules_version', '!=', version)]))
        .execute();
      const user = await repo.findUserById({ id: userId });
      if (!user) throw accountsErrors.userNotFound();
      return { user };
    },
  };
}
