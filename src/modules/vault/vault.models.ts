import type { Ticket, User, VaultAccessKind, VaultRequest, VaultRequestStatus } from '../../db/types.js';

export const ACCESS_KINDS = ['ftp', 'sftp', 'ssh', 'hosting_panel', 'cms_admin', 'database'] as const satisfies readonly VaultAccessKind[];
export const REQUEST_STATUSES = ['requested', 'submitted', 'revealed', 'destroyed', 'withdrawn', 'cancelled'] as const satisfies readonly VaultRequestStatus[];

/** Timeline events of the vault; all of them are the customer's to see (R7: every reveal is shown to them). */
export const VAULT_TIMELINE_EVENTS = [
  'secrets_masked',
  'access_requested',
  'access_submitted',
  'access_resubmitted',
  'access_revealed',
  'access_reveal_refused',
  'access_withdrawn',
  'access_destroyed',
  'access_cancelled',
  'access_change_confirmed',
] as const;

/** Why a request ended. */
export type EndReason = 'ticket_resolved' | 'ticket_closed' | 'expired' | 'withdrawn';

const DAY_MS = 24 * 3600_000;
/** The second "change those credentials" reminder follows the first after this long. */
export const REMINDER_REPEAT_MS = DAY_MS;
/** How many reminders at most (the first on destruction, one more a day later). */
export const MAX_REMINDERS = 2;
/** How long the browser shows a revealed secret before hiding it again. */
export const REVEAL_VISIBLE_SECONDS = 30;

/** The ticket kinds on which agents may ask for access (R7: only in an emergency). */
export function canRequestAccessOn(ticket: Pick<Ticket, 'kind'>): boolean {
  return ticket.kind === 'emergency';
}

export function isTicketEnded(ticket: Pick<Ticket, 'status'>): boolean {
  return ticket.status === 'resolved' || ticket.status === 'closed';
}

/** Still waiting for credentials or holding them. */
export function isActive(status: VaultRequestStatus): boolean {
  return status === 'requested' || status === 'submitted' || status === 'revealed';
}

/** A secret is stored for the request. */
export function holdsSecret(status: VaultRequestStatus): boolean {
  return status === 'submitted' || status === 'revealed';
}

/** Who may see the credentials: the agent the ticket is assigned to, and admins (R7). */
export function mayReveal({ user, ticket }: { user: Pick<User, 'id' | 'role'>; ticket: Pick<Ticket, 'assignee_id'> }): boolean {
  return user.role === 'admin' || (user.role === 'agent' && ticket.assignee_id === user.id);
}

/** When a secret submitted now is destroyed at the latest: the customer's choice, never past the setting. */
export function computeExpiry({ submittedAt, requestedDays, maxDays }: { submittedAt: number; requestedDays?: number; maxDays: number }): number {
  const days = Math.max(1, Math.min(requestedDays ?? maxDays, maxDays));
  return submittedAt + days * DAY_MS;
}

/** Why an active request ends now, if it does: its ticket ended, or its secret expired. */
export function endReasonFor({ request, ticket, now }: { request: VaultRequest; ticket: Pick<Ticket, 'status'>; now: number }): EndReason | null {
  if (!isActive(request.status)) return null;
  if (ticket.status === 'closed') return 'ticket_closed';
  if (ticket.status === 'resolved') return 'ticket_resolved';
  if (holdsSecret(request.status) && request.expires_at !== null && request.expires_at <= now) return 'expired';
  return null;
}

/** The status a request takes when it ends: credentials given are destroyed, a request never answered is cancelled. */
export function statusAfterEnd({ request, reason }: { request: VaultRequest; reason: EndReason }): VaultRequestStatus {
  if (reason === 'withdrawn') return 'withdrawn';
  return request.submitted_at !== null ? 'destroyed' : 'cancelled';
}

/** The customer still has to change the credentials they gave (and has not said they did). */
export function needsCredentialChange(request: Pick<VaultRequest, 'submitted_at' | 'ended_at' | 'changed_confirmed_at'>): boolean {
  return request.submitted_at !== null && request.ended_at !== null && request.changed_confirmed_at === null;
}
