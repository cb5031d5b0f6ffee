import { randomInt } from 'node:crypto';

/** How a session stands with the second factor. */
export type SignInState = 'complete' | 'second_factor' | 'two_factor_setup';

export const RECOVERY_CODE_COUNT = 10;
/** TOTP codes are accepted one period before and after now (clock drift on phones). */
export const TOTP_TOLERANCE_SECONDS = 30;
export const TOTP_ISSUER = 'Supportdesk';
/** The setting (settings table) that says whether staff must use a second factor. */
export const POLICY_SETTING = 'security.two_factor';

export interface TwoFactorPolicy {
  requiredForStaff: boolean;
}

/**
 * Where a session stands: a person with an authenticator must have proven it in this session; a
 * staff member without one, when the policy requires it, must set one up before anything else.
 */
export function signInStateOf({
  hasTwoFactor,
  sessionProvedIt,
  isStaff,
  policy,
}: {
  hasTwoFactor: boolean;
  sessionProvedIt: boolean;
  isStaff: boolean;
  policy: TwoFactorPolicy;
}): SignInState {
  if (hasTwoFactor) return sessionProvedIt ? 'complete' : 'second_factor';
  return isStaff && policy.requiredForStaff ? 'two_factor_setup' : 'complete';
}

// Recovery codes: 10 characters of an alphabet without look-alikes, shown as xxxxx-xxxxx.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generateRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** What a person typed, as compared: TOTP digits without spaces, recovery codes lower-case without dashes. */
export function normalizeCode(code: string): { kind: 'totp' | 'recovery'; value: string } {
  const compact = code.replace(/[\s-]/g, '').toLowerCase();
  return /^\d{6}$/.test(compact) ? { kind: 'totp', value: compact } : { kind: 'recovery', value: compact };
}
