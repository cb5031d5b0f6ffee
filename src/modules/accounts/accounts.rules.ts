// The vendor's support rules, acknowledged once per account and version (DESIGN.md, "Details from
// the vendor's own support client": the rules must be acknowledged before asking). Pure.
import type { User } from '../../db/types.js';

/**
 * The version of the support rules the Personal Account shows (their text is in the web app's
 * catalogues, `portal.rules`). Change it together with that text: every customer then reads the
 * rules again before their next request.
 */
export const SUPPORT_RULES_VERSION = '2026-11';

/** Which rules the person acknowledged and when, and whether that is the current version. */
export function supportRulesOf(user: Pick<User, 'rules_version' | 'rules_acknowledged_at'>) {
  return {
    version: SUPPORT_RULES_VERSION,
    acknowledgedVersion: user.rules_version ?? null,
    acknowledgedAt: user.rules_acknowledged_at == null ? null : new Date(user.rules_acknowledged_at).toISOString(),
    isAcknowledged: user.rules_version === SUPPORT_RULES_VERSION,
  };
}
