import { generateSecret, generateURI, verify } from 'otplib';
import { renderSVG } from 'uqr';
import type { Db } from '../../db/database.js';
import type { Session, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId, hashSecret } from '../../shared/ids.js';
import { isStaff } from '../accounts/accounts.models.js';
import { verifyPassword } from '../accounts/accounts.passwords.js';
import { endCredentials } from '../auth/auth.credentials.js';
import { createSettingsRepository } from '../settings/settings.repository.js';
import { throttleKey } from '../throttles/throttles.models.js';
import { retryAfterHeader, type Throttles } from '../throttles/throttles.usecases.js';
import { twoFactorErrors } from './twofactor.errors.js';
import {
  generateRecoveryCode,
  normalizeCode,
  POLICY_SETTING,
  RECOVERY_CODE_COUNT,
  signInStateOf,
  TOTP_ISSUER,
  TOTP_TOLERANCE_SECONDS,
  type SignInState,
  type TwoFactorPolicy,
} from './twofactor.models.js';
import { createTwoFactorRepository } from './twofactor.repository.js';

export type TwoFactorUsecases = ReturnType<typeof createTwoFactorUsecases>;

const recoveryHash = (userId: string, code: string) => hashSecret(`${userId}:${code}`);

/** The TOTP time step a code was accepted for, or undefined when it was not. */
async function acceptedStep({ secret, token, now, after }: { secret: string; token: string; now: number; after?: number | null }): Promise<number | undefined> {
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(after !== null && after !== undefined && { afterTimeStep: after }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/**
 * Two-factor sign-in (TOTP, RFC 6238, with one-time recovery codes). A session that has not proven
 * the second factor reaches only the sign-in steps (http/principal.ts); staff must set one up when
 * the admins require it.
 */
export function createTwoFactorUsecases({ db, clock, throttles }: { db: Db; clock: Clock; throttles: Throttles }) {
  const repo = createTwoFactorRepository({ db });
  const settings = createSettingsRepository({ db });

  async function readPolicy(): Promise<TwoFactorPolicy> {
    return (await settings.read<TwoFactorPolicy>({ key: POLICY_SETTING })) ?? { requiredForStaff: false };
  }

  /** Checks a TOTP code (each time step once) or uses up a recovery code. */
  async function checkCode({ user, code }: { user: User; code: string }): Promise<boolean> {
    const factor = await repo.find({ userId: user.id });
    if (!factor?.confirmed_at) return false;
    const { kind, value } = normalizeCode(code);
    if (kind === 'recovery') return repo.useRecoveryCode({ userId: user.id, codeHash: recoveryHash(user.id, value), at: clock.now() });
    const step = await acceptedStep({ secret: factor.totp_secret, token: value, now: clock.now(), after: factor.last_step });
    return step !== undefined && repo.claimStep({ userId: user.id, step, at: clock.now(), confirm: false });
  }

  /** A code check held to the per-account throttle, reserved before the check (parallel guesses all count). */
  async function checkCodeThrottled({ user, code }: { user: User; code: string }): Promise<void> {
    const key = throttleKey.secondFactor(user.id);
    const reserved = await throttles.reserve({ checks: [{ key, policy: 'secondFactor' }] });
    if (!reserved.ok) throw twoFactorErrors.throttled({ headers: retryAfterHeader(reserved.retryAfterMs) });
    if (!(await checkCode({ user, code }))) throw twoFactorErrors.invalidCode();
    await throttles.clear({ key });
  }

  async function newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
    const at = clock.now();
    await repo.replaceRecoveryCodes({
      userId,
      rows: codes.map((code) => ({ id: createId(), code_hash: recoveryHash(userId, normalizeCode(code).value), created_at: at })),
    });
    return codes;
  }

  return {
    readPolicy,
    checkCode,
    checkCodeThrottled,

    async writePolicy({ policy, by }: { policy: TwoFactorPolicy; by: string }): Promise<TwoFactorPolicy> {
      await settings.write({ key: POLICY_SETTING, value: policy, at: clock.now(), by });
      return policy;
    },

    /** Where a session stands with the second factor (one read of the person's authenticator; the policy only when it matters). */
    async signInStateOf({ user, session }: { user: User; session: Session }): Promise<SignInState> {
      const hasTwoFactor = await repo.isConfirmed({ userId: user.id });
      const staff = isStaff(user.role);
      const policy = !hasTwoFactor && staff ? await readPolicy() : { requiredForStaff: false };
      return signInStateOf({ hasTwoFactor, sessionProvedIt: session.second_factor_at !== null, isStaff: staff, policy });
    },

    async status({ user }: { user: User }) {
      const factor = await repo.find({ userId: user.id });
      const enabled = factor?.confirmed_at != null;
      return {
        enabled,
        enabledAt: enabled ? new Date(factor!.confirmed_at!).toISOString() : null,
        recoveryCodesLeft: enabled ? await repo.countUnusedRecoveryCodes({ userId: user.id }) : 0,
        requiredForYou: isStaff(user.role) && (await readPolicy()).requiredForStaff,
      };
    },

    /** Starts setting up an authenticator: a new secret, shown once as text and as a QR code. */
    async startSetup({ user }: { user: User }) {
      if (await repo.isConfirmed({ userId: user.id })) throw twoFactorErrors.alreadyEnabled();
      const secret = generateSecret();
      await repo.savePending({ userId: user.id, secret, at: clock.now() });
      const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label: user.email, secret });
      return { secret, otpauthUri, qrSvg: renderSVG(otpauthUri) };
    },

    /** Confirms the authenticator with a first code; returns the recovery codes, shown once. */
    async enable({ user, code }: { user: User; code: string }): Promise<{ recoveryCodes: string[] }> {
      const factor = await repo.find({ userId: user.id });
      if (!factor) throw twoFactorErrors.notSetUp();
      if (factor.confirmed_at !== null) throw twoFactorErrors.alreadyEnabled();
      const key = throttleKey.secondFactor(user.id);
      const reserved = await throttles.reserve({ checks: [{ key, policy: 'secondFactor' }] });
      if (!reserved.ok) throw twoFactorErrors.throttled({ headers: retryAfterHeader(reserved.retryAfterMs) });
      const { kind, value } = normalizeCode(code);
      const step = kind === 'totp' ? await acceptedStep({ secret: factor.totp_secret, token: value, now: clock.now() }) : undefined;
      if (step === undefined || !(await repo.claimStep({ userId: user.id, step, at: clock.now(), confirm: true }))) throw twoFactorErrors.invalidCode();
      await throttles.clear({ key });
      return { recoveryCodes: await newRecoveryCodes(user.id) };
    },

    /** New recovery codes (the old ones stop working), after a current code. */
    async regenerateRecoveryCodes({ user, code }: { user: User; code: string }): Promise<{ recoveryCodes: string[] }> {
      if (!(await repo.isConfirmed({ userId: user.id }))) throw twoFactorErrors.notEnabled();
      await checkCodeThrottled({ user, code });
      return { recoveryCodes: await newRecoveryCodes(user.id) };
    },

    /** Turns two-factor sign-in off, with the password and a current code; not for staff while the policy requires it. */
    async disable({ user, password, code }: { user: User; password: string; code: string }): Promise<void> {
      if (!(await repo.isConfirmed({ userId: user.id }))) throw twoFactorErrors.notEnabled();
      if (isStaff(user.role) && (await readPolicy()).requiredForStaff) throw twoFactorErrors.requiredByPolicy();
      if (!user.password_hash || !(await verifyPassword({ hash: user.password_hash, password }))) throw twoFactorErrors.wrongPassword();
      await checkCodeThrottled({ user, code });
      await repo.remove({ userId: user.id });
    },

    /** An admin removes someone's authenticator (a lost phone and lost codes); every session of theirs ends. */
    async resetFor({ userId }: { userId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await createTwoFactorRepository({ db: trx }).remove({ userId });
        await endCredentials({ trx, userId, at: clock.now(), revokeTokens: false });
      });
    },
  };
}
