import { DateTime } from 'luxon';

/** What entitlement needs to know about a license. */
export interface EntitlementLicense {
  type: 'commercial' | 'free' | 'trial';
  status: 'active' | 'refunded' | 'revoked';
  purchasedOn: string;
}

export type EntitlementReason = 'guaranteed' | 'guarantee_ended' | 'no_commercial_license';

export interface Entitlement {
  /** R1: may open support tickets (questions, problems, emergencies). */
  supportEligible: boolean;
  /** R5: the last local date on which a message is still guaranteed; null without an active commercial license. */
  guaranteedUntil: string | null;
  reason: EntitlementReason;
}

/** The first anniversary of a purchase date; 29 Feb + 1 year is 28 Feb. */
export function addOneYear(localDate: string): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' }).plus({ years: 1 }).toISODate()!;
}

function previousDay(localDate: string): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
}

/** Active commercial licenses are the ones that count (R1); refunded and revoked ones never do. */
export function isCountingLicense(license: EntitlementLicense): boolean {
  return license.type === 'commercial' && license.status === 'active';
}

/**
 * Entitlement at an instant (R1, R5). The guarantee covers messages arriving before the first
 * anniversary of the latest purchase among active commercial licenses, the anniversary starting
 * at local midnight in the support calendar's zone. Licenses count only once the account's email
 * is verified.
 */
export function computeEntitlement({
  licenses,
  isEmailVerified,
  timezone,
  at,
}: {
  licenses: readonly EntitlementLicense[];
  isEmailVerified: boolean;
  timezone: string;
  at: number;
}): Entitlement {
  const counting = isEmailVerified ? licenses.filter(isCountingLicense) : [];
  if (counting.length === 0) return { supportEligible: false, guaranteedUntil: null, reason: 'no_commercial_license' };
  const latest = counting.reduce((max, l) => (l.purchasedOn > max ? l.purchasedOn : max), counting[0]!.purchasedOn);
  const anniversary = addOneYear(latest);
  const today = DateTime.fromMillis(at, { zone: timezone }).toISODate()!;
  return { supportEligible: true, guaranteedUntil: previousDay(anniversary), reason: today < anniversary ? 'guaranteed' : 'guarantee_ended' };
}

/** Whether a message arriving at `at` is guaranteed a reply target (decided once, on arrival). */
export function isMessageGuaranteed(args: { licenses: readonly EntitlementLicense[]; isEmailVerified: boolean; timezone: string; at: number }): boolean {
  return computeEntitlement(args).reason === 'guaranteed';
}
