import type { AuditEntry } from '../../db/types.js';

/** Every action the audit log records; the page filters by these names. */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.invited',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'auth.signed_in',
  'auth.sign_in_failed',
  'token.created',
  'token.revoked',
  'calendar.changed',
  'reply_targets.changed',
  'vault.revealed',
  'vault.reveal_refused',
  'mail.retried',
  'mail.test_sent',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted and from where: the person (null for the system or an anonymous caller) and their address. */
export interface AuditActor {
  id: string | null;
  email: string | null;
  ip?: string | null;
}

/** The command line or a job: no person, no address. */
export const SYSTEM_ACTOR: AuditActor = { id: null, email: null, ip: null };

/** What may leave the server about an entry. */
export function toPublicAuditEntry(entry: AuditEntry) {
  return {
    id: entry.id,
    at: new Date(entry.at).toISOString(),
    actorId: entry.actor_id,
    actorEmail: entry.actor_email,
    action: entry.action,
    targetType: entry.target_type,
    targetId: entry.target_id,
    targetLabel: entry.target_label,
    ip: entry.ip,
    before: parseJson(entry.before),
    after: parseJson(entry.after),
  };
}
export type PublicAuditEntry = ReturnType<typeof toPublicAuditEntry>;

function parseJson(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export const AUDIT_CSV_COLUMNS = ['at', 'actor', 'action', 'target', 'ip', 'before', 'after'] as const;

/** One entry as a CSV row. */
export function toCsvRow(entry: AuditEntry): (string | null)[] {
  return [
    new Date(entry.at).toISOString(),
    entry.actor_email ?? entry.actor_id ?? '',
    entry.action,
    entry.target_label ?? entry.target_id ?? '',
    entry.ip,
    entry.before,
    entry.after,
  ];
}
