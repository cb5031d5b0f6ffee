// Throttle policies and the decision they make, pure. The attempts themselves (reserved before the
// expensive check, so concurrent requests cannot all slip under the limit) live in the database:
// see throttles.usecases.ts.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * `limit`: at most `limit` attempts in any `windowMs`.
 * `backoff`: the first `free` attempts in `windowMs` pass; after that each attempt must come at
 * least `baseDelayMs` × 2^(extra attempts) after the previous one, capped at `maxDelayMs`. A delay,
 * never a lockout: an attacker cannot lock a person out for longer than `maxDelayMs`.
 */
export type ThrottlePolicy =
  { kind: 'limit'; limit: number; windowMs: number } | { kind: 'backoff'; free: number; windowMs: number; baseDelayMs: number; maxDelayMs: number };

/** Every throttle of the product, by what it protects. */
export const POLICIES = {
  /** Wrong passwords from one address at one account. */
  signInPair: { kind: 'limit', limit: 5, windowMs: 15 * MINUTE },
  /** Wrong passwords from one address at any account (password spraying). */
  signInAddress: { kind: 'limit', limit: 50, windowMs: 15 * MINUTE },
  /** Wrong passwords at one account from anywhere: slowed down, never locked (finding 7). */
  signInAccount: { kind: 'backoff', free: 10, windowMs: 15 * MINUTE, baseDelayMs: 1000, maxDelayMs: MINUTE },
  /** Wrong passwords (or second factors) when a staff member re-authenticates to reveal vault credentials. */
  vaultReauth: { kind: 'limit', limit: 5, windowMs: 15 * MINUTE },
  /** Wrong second-factor codes for one account. */
  secondFactor: { kind: 'limit', limit: 10, windowMs: 15 * MINUTE },
  /** Mails one recipient can be sent by anonymous requests (sign-up, reset, verification). */
  mailRecipient: { kind: 'limit', limit: 5, windowMs: HOUR },
  /** Mails one client address can have sent by anonymous requests. */
  mailSender: { kind: 'limit', limit: 20, windowMs: HOUR },
  /** Sign-ups from one client address. */
  signUpAddress: { kind: 'limit', limit: 10, windowMs: HOUR },
  /** New conversations (tickets, answers to strangers) started by mail from one address. */
  inboundThreads: { kind: 'limit', limit: 20, windowMs: HOUR },
} as const satisfies Record<string, ThrottlePolicy>;

export type PolicyName = keyof typeof POLICIES;

/** The longest window of any policy: hits older than this are garbage. */
export const LONGEST_WINDOW_MS = Math.max(...Object.values(POLICIES).map((p) => p.windowMs));

export interface ThrottleDecision {
  allowed: boolean;
  /** When refused: how long until an attempt would pass (at least one second). */
  retryAfterMs: number;
}

/** Whether one more attempt may start now, given the earlier attempts (instants, any order) still in the window. */
export function decide({ policy, hits, now }: { policy: ThrottlePolicy; hits: readonly number[]; now: number }): ThrottleDecision {
  const inWindow = hits.filter((at) => at > now - policy.windowMs).sort((a, b) => a - b);
  if (policy.kind === 'limit') {
    if (inWindow.length < policy.limit) return { allowed: true, retryAfterMs: 0 };
    // The attempt that frees a slot is the oldest one among the last `limit`.
    const freeing = inWindow[inWindow.length - policy.limit]!;
    return { allowed: false, retryAfterMs: Math.max(1000, freeing + policy.windowMs - now) };
  }
  if (inWindow.length < policy.free) return { allowed: true, retryAfterMs: 0 };
  const extra = inWindow.length - policy.free;
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(extra, 30));
  const last = inWindow[inWindow.length - 1]!;
  if (now - last >= delay) return { allowed: true, retryAfterMs: 0 };
  return { allowed: false, retryAfterMs: Math.max(1000, last + delay - now) };
}

/** Keys name what is counted; emails are normalised by the caller. */
export const throttleKey = {
  signInPair: (ip: string, email: string) => `signin:pair:${ip}:${email}`,
  signInAddress: (ip: string) => `signin:ip:${ip}`,
  signInAccount: (email: string) => `signin:account:${email}`,
  vaultReauth: (userId: string) => `vault-reauth:${userId}`,
  secondFactor: (userId: string) => `2fa:${userId}`,
  mailRecipient: (email: string) => `mail:to:${email}`,
  mailSender: (ip: string) => `mail:from-ip:${ip}`,
  signUpAddress: (ip: string) => `signup:ip:${ip}`,
  inboundThreads: (from: string) => `mail:in:${from}`,
};
