import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhooks: what can be subscribed to, how a delivery is signed, when it is retried. Pure.

export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'message.customer',
  'message.agent',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.declined',
  'ticket.resolved',
  'ticket.rated',
  'ticket.breached',
  'license.changed',
  'access.requested',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The webhook events a ticket timeline event stands for. A message is the customer's or an
 * agent's by its author (`authorRole`); internal notes and other timeline entries send nothing.
 */
export function webhookTypesOfTicketEvent({
  type,
  data,
  authorRole,
}: {
  type: string;
  data: Record<string, unknown>;
  authorRole?: 'customer' | 'agent' | 'system';
}): WebhookEventType[] {
  switch (type) {
    case 'created':
      return ['ticket.created'];
    case 'message_added':
      return authorRole === 'customer' ? ['message.customer'] : authorRole === 'agent' ? ['message.agent'] : [];
    case 'status_changed':
      return data.to === 'resolved' ? ['ticket.status_changed', 'ticket.resolved'] : ['ticket.status_changed'];
    case 'assigned':
      return ['ticket.assigned'];
    // A decline resolves the ticket: a receiver that follows only "resolved" hears of it too.
    case 'declined':
      return ['ticket.declined', 'ticket.resolved'];
    case 'rated':
      return ['ticket.rated'];
    case 'access_requested':
      return ['access.requested'];
    default:
      return [];
  }
}

export const SIGNATURE_HEADER = 'supportdesk-signature';
/** How far a receiver should accept a signature's timestamp from its own clock. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the Supportdesk-Signature header. */
export function signPayload({ secret, body, timestamp }: { secret: string; body: string; timestamp: number }): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Checks a Supportdesk-Signature header the way a receiver should (docs/WEBHOOKS.md has the receiver's copy). */
export function verifySignature({ secret, body, header, now }: { secret: string; body: string; header: string; now: number }): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > REPLAY_WINDOW_SECONDS || !parts.v1) return false;
  const expected = Buffer.from(signPayload({ secret, body, timestamp }).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const HOUR = 3600_000;
/** A delivery is retried for this long after it was written; then it fails for good. */
export const RETRY_FOR_MS = 24 * HOUR;
/** A subscription whose every attempt failed for this long is paused (and admins are mailed). */
export const PAUSE_AFTER_MS = 24 * HOUR;

/** The wait after the n-th failed attempt: 10 s, 20 s, 40 s, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), HOUR);
}

/** Whether an HTTP status acknowledges a delivery: any 2xx. Redirects are not followed, so 3xx is a failure. */
export function isAcknowledged(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** The lane of events delivered in order: one per ticket, one per license. */
export function laneOf({ ticketId, licenseKey }: { ticketId?: string | null; licenseKey?: string }): string {
  if (ticketId) return `ticket:${ticketId}`;
  if (licenseKey) return `license:${licenseKey}`;
  return 'global';
}
