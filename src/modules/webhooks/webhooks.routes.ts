import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { ADMINS, getPrincipal } from '../../http/principal.js';
import { noContent, problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { WEBHOOK_EVENT_TYPES } from './webhooks.models.js';
import {
  createSubscriptionBody,
  deliveryDetailSchema,
  deliveryParams,
  deliverySchema,
  listDeliveriesQuery,
  patchSubscriptionBody,
  subscriptionListSchema,
  subscriptionParams,
  subscriptionSchema,
  subscriptionWithSecretSchema,
  webhookSettingsSchema,
} from './webhooks.schemas.js';
import { toAttemptView, toDeliveryView, toSubscriptionView } from './webhooks.views.js';

const tags = ['webhooks'];
const access = { roles: ADMINS, scopes: ['webhooks:write'] as const };

/** Webhook subscriptions, their settings and delivery log: admins, or a token with `webhooks:write`. */
export function registerWebhooksRoutes(app: AppInstance, { webhooks, jobs }: AppDeps): void {
  app.get('/api/v1/webhooks', {
    config: { access },
    schema: { tags, summary: 'Webhook subscriptions, the event types and the settings', response: { 200: subscriptionListSchema, ...problemResponses } },
    handler: async () => ({
      items: (await webhooks.listSubscriptions()).map(toSubscriptionView),
      eventTypes: [...WEBHOOK_EVENT_TYPES],
      settings: await webhooks.readSettings(),
    }),
  });

  app.post('/api/v1/webhooks', {
    config: { access },
    schema: {
      tags,
      summary: 'Subscribe a URL to events; the signing secret is in this answer only',
      body: createSubscriptionBody,
      response: { 201: subscriptionWithSecretSchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      const created = await webhooks.createSubscription({ ...request.body, actor: getPrincipal(request).user });
      return reply.code(201).send({ ...toSubscriptionView(created), secret: created.secret });
    },
  });

  app.get('/api/v1/webhooks/:id', {
    config: { access },
    schema: { tags, summary: 'One webhook subscription', params: subscriptionParams, response: { 200: subscriptionSchema, ...problemResponses } },
    handler: async (request) => toSubscriptionView(await webhooks.findSubscription(request.params.id)),
  });

  app.patch('/api/v1/webhooks/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Change the URL, events or description, or pause and resume',
      params: subscriptionParams,
      body: patchSubscriptionBody,
      response: { 200: subscriptionSchema, ...problemResponses },
    },
    handler: async (request) => toSubscriptionView(await webhooks.updateSubscription({ id: request.params.id, changes: request.body })),
  });

  app.delete('/api/v1/webhooks/:id', {
    config: { access },
    schema: { tags, summary: 'Delete a subscription and its delivery log', params: subscriptionParams, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      await webhooks.deleteSubscription({ id: request.params.id });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/webhooks/:id/rotate-secret', {
    config: { access },
    schema: {
      tags,
      summary: 'Replace the signing secret (the old one stops working at once)',
      params: subscriptionParams,
      response: { 200: subscriptionWithSecretSchema, ...problemResponses },
    },
    handler: async (request) => {
      const rotated = await webhooks.rotateSecret({ id: request.params.id });
      return { ...toSubscriptionView(rotated), secret: rotated.secret };
    },
  });

  app.get('/api/v1/webhooks/:id/deliveries', {
    config: { access },
    schema: {
      tags,
      summary: 'The delivery log of a subscription, newest first',
      params: subscriptionParams,
      querystring: listDeliveriesQuery,
      response: { 200: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const { limit, cursor, status } = request.query;
      const rows = await webhooks.listDeliveries({ subscriptionId: request.params.id, status, limit: limit + 1, before: cursor });
      const page = rows.slice(0, limit);
      return { items: page.map(toDeliveryView), nextCursor: rows.length > limit ? (page.at(-1)?.event_id ?? null) : null };
    },
  });

  app.get('/api/v1/webhooks/:id/deliveries/:eventId', {
    config: { access },
    schema: {
      tags,
      summary: 'One delivery: the request sent and every attempt (status, timing, answer)',
      params: deliveryParams,
      response: { 200: deliveryDetailSchema, ...problemResponses },
    },
    handler: async (request) => {
      const { delivery, attempts } = await webhooks.findDelivery({ subscriptionId: request.params.id, eventId: request.params.eventId });
      return { ...toDeliveryView(delivery), requestBody: delivery.body, attemptLog: attempts.map(toAttemptView) };
    },
  });

  app.post('/api/v1/webhooks/:id/deliveries/:eventId/redeliver', {
    config: { access },
    schema: {
      tags,
      summary: 'Send a delivery again, now (same event id and body)',
      params: deliveryParams,
      response: { 202: deliverySchema, ...problemResponses },
    },
    handler: async (request, reply) => {
      await webhooks.redeliver({ subscriptionId: request.params.id, eventId: request.params.eventId });
      await jobs.enqueue({ name: 'webhooks.deliver' });
      const { delivery } = await webhooks.findDelivery({ subscriptionId: request.params.id, eventId: request.params.eventId });
      return reply.code(202).send(toDeliveryView(delivery));
    },
  });

  app.get('/api/v1/webhooks/settings', {
    config: { access },
    schema: { tags, summary: 'Webhook settings', response: { 200: webhookSettingsSchema, ...problemResponses } },
    handler: async () => webhooks.readSettings(),
  });

  app.put('/api/v1/webhooks/settings', {
    config: { access },
    schema: { tags, summary: 'Webhook settings', body: webhookSettingsSchema, response: { 200: webhookSettingsSchema, ...problemResponses } },
    handler: async (request) => webhooks.writeSettings({ settings: request.body, actor: getPrincipal(request).user }),
  });
}
