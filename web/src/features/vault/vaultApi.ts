/** Typed calls for the emergency access vault (see docs/openapi.json, tag "vault"). */
import { callApi } from '../../api/client.js';

export const ACCESS_KINDS = ['ftp', 'sftp', 'ssh', 'hosting_panel', 'cms_admin', 'database'] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];
export type RequestStatus = 'requested' | 'submitted' | 'revealed' | 'destroyed' | 'withdrawn' | 'cancelled';

export interface RevealLogEntry {
  id: string;
  at: string;
  actor: { id: string; name: string; role: string };
  reason: string;
  outcome: 'revealed' | 'refused';
  refusal: string | null;
}

export interface AccessRequest {
  id: string;
  ticketId: string;
  kind: AccessKind;
  reason: string;
  status: RequestStatus;
  requestedBy: { id: string; name: string };
  hasSecret: boolean;
  createdAt: string;
  submittedAt: string | null;
  expiresAt: string | null;
  lastRevealedAt: string | null;
  endedAt: string | null;
  endReason: 'ticket_resolved' | 'ticket_closed' | 'expired' | 'withdrawn' | null;
  credentialChange: { needed: boolean; remindersSent: number; confirmedAt: string | null };
  reveals: RevealLogEntry[];
}

export interface AccessRequestList {
  items: AccessRequest[];
  vaultAvailable: boolean;
  revealVisibleSeconds: number;
  maxDays: number;
  viewer: { canRequest: boolean; canReveal: boolean; canSubmit: boolean; needsSecondFactor: boolean };
}

/** The credentials; they exist in the browser only between a reveal and the moment they are hidden again. */
export interface AccessSecret {
  host: string;
  port: number | null;
  username: string;
  password: string | null;
  privateKey: string | null;
  notes: string | null;
}

export interface Revealed {
  requestId: string;
  kind: AccessKind;
  revealedAt: string;
  hideAfterSeconds: number;
  secret: AccessSecret;
}

export interface SecretInput {
  host: string;
  port?: number | null;
  username: string;
  password?: string;
  privateKey?: string;
  notes?: string;
  expiresInDays?: number;
}

export interface PendingChange {
  requestId: string;
  ticketId: string;
  ticketNumber: number;
  kind: AccessKind;
  endedAt: string;
}

export const vaultApi = {
  list: (ticketId: string) => callApi<AccessRequestList>('GET', `/api/v1/tickets/${ticketId}/access-requests`),
  request: (ticketId: string, body: { kind: AccessKind; reason: string }) =>
    callApi<AccessRequest>('POST', `/api/v1/tickets/${ticketId}/access-requests`, body),
  submit: (requestId: string, body: SecretInput) => callApi<AccessRequest>('POST', `/api/v1/access-requests/${requestId}/secret`, body),
  reveal: (requestId: string, body: { password: string; reason: string; code?: string }) =>
    callApi<Revealed>('POST', `/api/v1/access-requests/${requestId}/reveal`, body),
  withdraw: (requestId: string) => callApi<AccessRequest>('POST', `/api/v1/access-requests/${requestId}/withdraw`),
  confirmChanged: (requestId: string) => callApi<AccessRequest>('POST', `/api/v1/access-requests/${requestId}/confirm-changed`),
  pendingChanges: () => callApi<{ items: PendingChange[] }>('GET', '/api/v1/me/access-reminders'),
};
