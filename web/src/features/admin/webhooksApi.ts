// The webhook admin screens' calls (the server's /api/v1/webhooks).
import { callApi } from '../../api/client.js';

export interface WebhookSubscription {
  id: string;
  url: string;
  description: string;
  events: string[];
  status: 'active' | 'paused';
  pausedReason: 'admin' | 'failing' | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookList {
  items: WebhookSubscription[];
  eventTypes: string[];
  settings: { allowPrivateTargets: boolean };
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  ticketId: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  occurredAt: string;
  finishedAt: string | null;
}

export interface WebhookDeliveryDetail extends WebhookDelivery {
  requestBody: string | null;
  attemptLog: {
    attempt: number;
    startedAt: string;
    durationMs: number;
    requestHeaders: Record<string, string>;
    statusCode: number | null;
    error: string | null;
    responseBody: string | null;
  }[];
}

export const webhooksApi = {
  list: () => callApi<WebhookList>('GET', '/api/v1/webhooks'),
  get: (id: string) => callApi<WebhookSubscription>('GET', `/api/v1/webhooks/${id}`),
  create: (body: { url: string; events: string[]; description: string }) => callApi<WebhookSubscription & { secret: string }>('POST', '/api/v1/webhooks', body),
  update: (id: string, changes: Partial<Pick<WebhookSubscription, 'url' | 'events' | 'description' | 'status'>>) =>
    callApi<WebhookSubscription>('PATCH', `/api/v1/webhooks/${id}`, changes),
  remove: (id: string) => callApi<null>('DELETE', `/api/v1/webhooks/${id}`),
  rotateSecret: (id: string) => callApi<WebhookSubscription & { secret: string }>('POST', `/api/v1/webhooks/${id}/rotate-secret`),
  saveSettings: (settings: { allowPrivateTargets: boolean }) => callApi<{ allowPrivateTargets: boolean }>('PUT', '/api/v1/webhooks/settings', settings),
  deliveries: (id: string, cursor?: string) =>
    callApi<{ items: WebhookDelivery[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/webhooks/${id}/deliveries${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  delivery: (id: string, eventId: string) => callApi<WebhookDeliveryDetail>('GET', `/api/v1/webhooks/${id}/deliveries/${eventId}`),
  redeliver: (id: string, eventId: string) => callApi<WebhookDelivery>('POST', `/api/v1/webhooks/${id}/deliveries/${eventId}/redeliver`),
};
