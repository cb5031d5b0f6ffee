// The public suggestion and partnership form (R8 "open to every account", DESIGN.md `/suggest`):
// what it accepts and how much of it one sender may send. Pure: no I/O, no clock.

export const PUBLIC_KINDS = ['suggestion', 'partnership'] as const;
export type PublicKind = (typeof PUBLIC_KINDS)[number];

const HOUR = 3600_000;
/** How long the mailed confirmation link works. */
export const CONFIRM_TTL_MS = 48 * HOUR;
/** Unconfirmed requests are forgotten after this long. */
export const FORGET_AFTER_MS = 30 * 24 * HOUR;

/** How many requests one address, and one network address, may send in a window. */
export const LIMITS = {
  perAddress: { count: 3, windowMs: 24 * HOUR },
  perIp: { count: 10, windowMs: HOUR },
} as const;

/**
 * A person does not fill the field the page hides from them; a form-filling robot does. Such a
 * request is answered like any other, so the robot learns nothing, and dropped.
 */
export function isRobot({ honeypot }: { honeypot: string | undefined }): boolean {
  return honeypot !== undefined && honeypot.trim() !== '';
}

/**
 * Whether one more request fits under a limit, given when the earlier ones in the window were
 * sent; when it does not, how many seconds until the oldest leaves the window.
 */
export function checkLimit({ sentAt, now, limit }: { sentAt: readonly number[]; now: number; limit: { count: number; windowMs: number } }): {
  isAllowed: boolean;
  retryAfterSeconds: number;
} {
  const inWindow = sentAt.filter((at) => at > now - limit.windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit.count) return { isAllowed: true, retryAfterSeconds: 0 };
  const oldest = inWindow[inWindow.length - limit.count]!;
  return { isAllowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + limit.windowMs - now) / 1000)) };
}
