import { describe, expect, it } from 'vitest';
import { addOneYear, computeEntitlement, isMessageGuaranteed, type EntitlementLicense } from './licenses.entitlement.js';

const MOSCOW = 'Europe/Moscow';
const commercial = (purchasedOn: string, status: EntitlementLicense['status'] = 'active'): EntitlementLicense => ({ type: 'commercial', status, purchasedOn });
const at = (iso: string) => Date.parse(iso);

describe('entitlement (R1, R5)', () => {
  it('a fresh commercial license gives support, guaranteed until the day before the anniversary', () => {
    expect(computeEntitlement({ licenses: [commercial('2026-03-01')], isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-27T16:00:00Z') })).toEqual({
      supportEligible: true,
      guaranteedUntil: '2027-02-28',
      reason: 'guaranteed',
    });
  });

  it('a purchase on 29 February has its anniversary on 28 February', () => {
    expect(addOneYear('2024-02-29')).toBe('2025-02-28');
    const e = computeEntitlement({ licenses: [commercial('2024-02-29')], isEmailVerified: true, timezone: MOSCOW, at: at('2025-02-27T12:00:00Z') });
    expect(e).toEqual({ supportEligible: true, guaranteedUntil: '2025-02-27', reason: 'guaranteed' });
    expect(isMessageGuaranteed({ licenses: [commercial('2024-02-29')], isEmailVerified: true, timezone: MOSCOW, at: at('2025-02-27T21:00:00Z') })).toBe(false);
  });

  it('a message just before midnight that ends the guarantee in the calendar zone is guaranteed; just after, it is not', () => {
    const licenses = [commercial('2025-11-27')];
    // The anniversary 2026-11-27 starts at 00:00 Moscow = 2026-11-26T21:00Z.
    expect(isMessageGuaranteed({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-26T20:59:59.999Z') })).toBe(true);
    expect(isMessageGuaranteed({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-26T21:00:00Z') })).toBe(false);
    const ended = computeEntitlement({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-26T21:00:00Z') });
    expect(ended).toEqual({ supportEligible: true, guaranteedUntil: '2026-11-26', reason: 'guarantee_ended' });
  });

  it('a customer far from the calendar zone is judged by the calendar zone, not their own clock', () => {
    const licenses = [commercial('2025-11-27')];
    // 2026-11-26 23:30 in Los Angeles is already 2026-11-27 10:30 in Moscow: the guarantee has ended.
    expect(isMessageGuaranteed({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-27T07:30:00Z') })).toBe(false);
    // 2026-11-27 08:00 in Kamchatka (UTC+12) is still 2026-11-26 23:00 in Moscow: guaranteed.
    expect(isMessageGuaranteed({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-26T20:00:00Z') })).toBe(true);
  });

  it('the latest purchase among active commercial licenses sets the window', () => {
    const e = computeEntitlement({
      licenses: [commercial('2024-01-10'), commercial('2026-05-01'), commercial('2025-06-01')],
      isEmailVerified: true,
      timezone: MOSCOW,
      at: at('2026-11-27T16:00:00Z'),
    });
    expect(e.guaranteedUntil).toBe('2027-04-30');
  });

  it('a refunded newest license falls back to the previous one', () => {
    const e = computeEntitlement({
      licenses: [commercial('2025-01-10'), commercial('2026-05-01', 'refunded')],
      isEmailVerified: true,
      timezone: MOSCOW,
      at: at('2026-11-27T16:00:00Z'),
    });
    expect(e).toEqual({ supportEligible: true, guaranteedUntil: '2026-01-09', reason: 'guarantee_ended' });
  });

  it('free and trial licenses, and refunded or revoked commercial ones, open no support', () => {
    const licenses: EntitlementLicense[] = [
      { type: 'free', status: 'active', purchasedOn: '2026-11-01' },
      { type: 'trial', status: 'active', purchasedOn: '2026-11-01' },
      commercial('2026-10-01', 'refunded'),
      commercial('2026-10-02', 'revoked'),
    ];
    expect(computeEntitlement({ licenses, isEmailVerified: true, timezone: MOSCOW, at: at('2026-11-27T16:00:00Z') })).toEqual({
      supportEligible: false,
      guaranteedUntil: null,
      reason: 'no_commercial_license',
    });
  });

  it('licenses count only once the email is verified', () => {
    expect(computeEntitlement({ licenses: [commercial('2026-10-01')], isEmailVerified: false, timezone: MOSCOW, at: at('2026-11-27T16:00:00Z') }).reason).toBe(
      'no_commercial_license',
    );
  });
});
