import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from '../../db/types.js';
import type { WebhookEventType } from './webhooks.models.js';

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** A subscription as the API shows it: never its secret. */
export function toSubscriptionView(s: WebhookSubscription) {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    events: JSON.parse(s.events) as WebhookEventType[],
    status: s.status,
    pausedReason: s.paused_reason,
    failingSince: iso(s.failing_since),
    createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!,
  };
}

export function toDeliveryView(d: WebhookDelivery & { type: string; ticket_id: string | null; occurred_at: number }) {
  return {
    eventId: d.event_id,
    type: d.type as WebhookEventType,
    ticketId: d.ticket_id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    occurredAt: iso(d.occurred_at)!,
    finishedAt: iso(d.finished_at),
  };
}

export function toAttemptView(a: WebhookAttempt) {
  return {
    attempt: a.attempt,
    startedAt: iso(a.started_at)!,
    durationMs: a.duration_ms,
    requestHeaders: JSON.parse(a.request_headers) as Record<string, string>,
    statusCode: a.status_code,
    error: a.error,
    responseBody: a.response_body,
  };
}
