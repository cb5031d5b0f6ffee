/** Sign-in throttling limits: failures counted in a sliding window, per account and per address. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 50;

export const SESSION_COOKIE = 'sd_session';
/** A session's expiry slides forward on use, at most once per this interval (fewer writes). */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60_000;

export function throttleKeys({ email, ip }: { email: string; ip: string }): { account: string; ip: string } {
  return { account: `account:${email}`, ip: `ip:${ip}` };
}

export function isThrottled({ accountFailures, ipFailures }: { accountFailures: number; ipFailures: number }): boolean {
  return accountFailures >= MAX_FAILURES_PER_ACCOUNT || ipFailures >= MAX_FAILURES_PER_IP;
}
