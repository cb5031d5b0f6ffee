import type { VaultRequest } from '../../db/types.js';
import { holdsSecret, needsCredentialChange } from './vault.models.js';
import type { RevealLogRow } from './vault.repository.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** The credentials as the customer gives them and the assigned agent sees them; only ever in a reveal. */
export interface AccessSecret {
  host: string;
  port: number | null;
  username: string;
  password: string | null;
  privateKey: string | null;
  notes: string | null;
}

export function toRevealView(row: RevealLogRow) {
  return {
    id: row.id,
    at: iso(row.at)!,
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
    reason: row.reason,
    outcome: row.outcome,
    refusal: row.refusal,
  };
}

/** What may leave the server about an access request: never the secret. */
export function toAccessRequestView({ request, reveals, requesterName }: { request: VaultRequest; reveals: RevealLogRow[]; requesterName: string }) {
  return {
    id: request.id,
    ticketId: request.ticket_id,
    kind: request.kind,
    reason: request.reason,
    status: request.status,
    requestedBy: { id: request.requested_by, name: requesterName },
    hasSecret: holdsSecret(request.status),
    createdAt: iso(request.created_at)!,
    submittedAt: iso(request.submitted_at),
    expiresAt: holdsSecret(request.status) ? iso(request.expires_at) : null,
    lastRevealedAt: iso(request.last_revealed_at),
    endedAt: iso(request.ended_at),
    endReason: request.end_reason,
    credentialChange: {
      needed: needsCredentialChange(request),
      remindersSent: request.reminders_sent,
      confirmedAt: iso(request.changed_confirmed_at),
    },
    reveals: reveals.filter((r) => r.request_id === request.id).map(toRevealView),
  };
}
export type AccessRequestView = ReturnType<typeof toAccessRequestView>;
