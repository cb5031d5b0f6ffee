import type { Db, DbOrTrx } from '../../db/database.js';
import type { User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId, createSecret, hashSecret } from '../../shared/ids.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import { accountsErrors } from './accounts.errors.js';
import { hashPassword } from './accounts.passwords.js';
import { isValidTimeZone, normalizeEmail, type Language, type Role } from './accounts.models.js';
import { createAccountsRepository } from './accounts.repository.js';
import { SUPPORT_RULES_VERSION } from './accounts.rules.js';

const VERIFY_TTL_MS = 48 * 3600_000;
const RESET_TTL_MS = 2 * 3600_000;
const INVITE_TTL_MS = 14 * 24 * 3600_000;

export type AccountsUsecases = ReturnType<typeof createAccountsUsecases>;

interface Deps {
  db: Db;
  clock: Clock;
  mail: MailOutbox;
  publicUrl: string;
  defaultTimeZone: string;
  /** Called after a password reset, to end every session of the user. */
  onPasswordChanged?: (args: { userId: string }) => Promise<void>;
}

export function createAccountsUsecases({ db, clock, mail, publicUrl, defaultTimeZone, onPasswordChanged }: Deps) {
  function checkTimeZone(zone: string | undefined): string {
    if (zone === undefined) return defaultTimeZone;
    if (!isValidTimeZone(zone)) throw accountsErrors.invalidTimeZone({ details: { timeZone: zone } });
    return zone;
  }

  async function issueOneTimeToken({
    trx,
    userId,
    purpose,
    ttlMs,
  }: {
    trx: DbOrTrx;
    userId: string;
    purpose: 'verify_email' | 'reset_password';
    ttlMs: number;
  }): Promise<string> {
    const token = createSecret();
    const now = clock.now();
    await trx
      .insertInto('one_time_tokens')
      .values({ id: createId(), user_id: userId, purpose, token_hash: hashSecret(token), expires_at: now + ttlMs, used_at: null, created_at: now })
      .execute();
    return token;
  }

  /** Consumes a one-time token: valid once, before it expires. Returns the user it belongs to. */
  async function consumeOneTimeToken({
    trx,
    token,
    purposes,
  }: {
    trx: DbOrTrx;
    token: string;
    purposes: ('verify_email' | 'reset_password')[];
  }): Promise<User | undefined> {
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

  return {
    issueOneTimeToken,

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
        const repo = createAccountsRepository({ db: trx });
        if (await repo.findUserByEmail({ email })) throw accountsErrors.emailTaken();
        const now = clock.now();
        const user = await repo.insertUser({
          user: {
            id: createId(),
            email,
            name: args.name.trim(),
            role: args.role,
            password_hash: passwordHash,
            email_verified_at: now,
            language: args.language ?? 'en',
            time_zone: timeZone,
            disabled_at: null,
            created_at: now,
            updated_at: now,
          },
        });
        if (args.invite) {
          const token = await issueOneTimeToken({ trx, userId: user.id, purpose: 'reset_password', ttlMs: INVITE_TTL_MS });
          await mail.enqueue({
            trx,
            to: email,
            toName: user.name,
            template: 'invite',
            language: user.language,
            name: user.name,
            link: `${publicUrl}/reset-password?token=${token}`,
          });
        }
        return { user };
      };
      return args.trx ? run(args.trx) : db.transaction().execute(run);
    },

    /**
     * Self sign-up for customers. Answers the same whether or not the email is taken (no account
     * enumeration): a taken address gets a "you already have an account" mail instead.
     */
    async signUp(args: { email: string; password: string; name: string; language: Language; timeZone?: string }): Promise<void> {
      const email = normalizeEmail(args.email);
      const timeZone = checkTimeZone(args.timeZone);
      const passwordHash = await hashPassword(args.password);
      await db.transaction().execute(async (trx) => {
        const repo = createAccountsRepository({ db: trx });
        const existing = await repo.findUserByEmail({ email });
        if (existing) {
          const token = await issueOneTimeToken({ trx, userId: existing.id, purpose: 'reset_password', ttlMs: RESET_TTL_MS });
          await mail.enqueue({
            trx,
            to: email,
            toName: existing.name,
            template: 'account_exists',
            language: existing.language,
            name: existing.name,
            link: `${publicUrl}/reset-password?token=${token}`,
          });
          return;
        }
        const now = clock.now();
        const user = await repo.insertUser({
          user: {
            id: createId(),
            email,
            name: args.name.trim(),
            role: 'customer',
            password_hash: passwordHash,
            email_verified_at: null,
            language: args.language,
            time_zone: timeZone,
            disabled_at: null,
            created_at: now,
            updated_at: now,
          },
        });
        const token = await issueOneTimeToken({ trx, userId: user.id, purpose: 'verify_email', ttlMs: VERIFY_TTL_MS });
        await mail.enqueue({
          trx,
          to: email,
          toName: user.name,
          template: 'verify_email',
          language: user.language,
          name: user.name,
          link: `${publicUrl}/verify-email?token=${token}`,
        });
      });
    },

    /** Marks the address verified. Returns undefined for an unknown, used or expired link. */
    async verifyEmail({ token }: { token: string }): Promise<{ user: User } | undefined> {
      return db.transaction().execute(async (trx) => {
        const user = await consumeOneTimeToken({ trx, token, purposes: ['verify_email'] });
        if (!user) return undefined;
        const updated =
          user.email_verified_at === null
            ? await createAccountsRepository({ db: trx }).updateUser({ id: user.id, changes: { email_verified_at: clock.now(), updated_at: clock.now() } })
            : user;
        return { user: updated ?? user };
      });
    },

    /** Mails a reset link when the account exists; says nothing either way. */
    async requestPasswordReset({ email }: { email: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const user = await createAccountsRepository({ db: trx }).findUserByEmail({ email: normalizeEmail(email) });
        if (!user || user.disabled_at !== null) return;
        const token = await issueOneTimeToken({ trx, userId: user.id, purpose: 'reset_password', ttlMs: RESET_TTL_MS });
        await mail.enqueue({
          trx,
          to: user.email,
          toName: user.name,
          template: 'reset_password',
          language: user.language,
          name: user.name,
          link: `${publicUrl}/reset-password?token=${token}`,
        });
      });
    },

    /** Sets a new password from a reset link; this also verifies the address and ends every session. */
    async resetPassword({ token, password }: { token: string; password: string }): Promise<{ user: User } | undefined> {
      const passwordHash = await hashPassword(password);
      const result = await db.transaction().execute(async (trx) => {
        const user = await consumeOneTimeToken({ trx, token, purposes: ['reset_password'] });
        if (!user) return undefined;
        const now = clock.now();
        const updated = await createAccountsRepository({ db: trx }).updateUser({
          id: user.id,
          changes: { password_hash: passwordHash, email_verified_at: user.email_verified_at ?? now, updated_at: now },
        });
        return updated ? { user: updated } : undefined;
      });
      if (result) await onPasswordChanged?.({ userId: result.user.id });
      return result;
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
          ...(name !== undefined && { name: name.trim() }),
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
