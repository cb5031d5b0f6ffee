import type { AppDeps } from '../../deps.js';
import { ADMINS, ALL_ROLES, getPrincipal } from '../../http/principal.js';
import { problemResponses, problemSchema, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import {
  accessRequestListSchema,
  accessRequestSchema,
  pendingChangesSchema,
  requestAccessBody,
  revealBody,
  revealResponseSchema,
  submitSecretBody,
  vaultStatusSchema,
} from './vault.schemas.js';

const tags = ['vault'];
const responses = { ...problemResponses, 503: problemSchema };

// Every route takes ALL_ROLES and lets the use case decide, so that a customer naming another
// customer's ticket or request gets 404 like everywhere else, and 403 only on their own.
export function registerVaultRoutes(app: AppInstance, { vault }: AppDeps): void {
  app.post('/api/v1/tickets/:id/access-requests', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Ask the customer for temporary access (agents; emergency tickets)',
      params: uuidParam,
      body: requestAccessBody,
      response: { 201: accessRequestSchema, ...responses },
    },
    handler: async (request, reply) => {
      const view = await vault.requestAccess({ actor: getPrincipal(request).user, ticketId: request.params.id, ...request.body });
      return reply.code(201).send(view);
    },
  });

  app.get('/api/v1/tickets/:id/access-requests', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: "A ticket's access requests and reveal logs (never the credentials)",
      params: uuidParam,
      response: { 200: accessRequestListSchema, ...responses },
    },
    handler: async (request) => vault.listForTicket({ actor: getPrincipal(request).user, ticketId: request.params.id }),
  });

  app.post('/api/v1/access-requests/:id/secret', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: "Give the requested credentials (the ticket's customer); they are encrypted at once",
      params: uuidParam,
      body: submitSecretBody,
      response: { 200: accessRequestSchema, ...responses },
    },
    handler: async (request) => {
      const { expiresInDays, ...fields } = request.body;
      const secret = {
        host: fields.host,
        port: fields.port ?? null,
        username: fields.username,
        password: fields.password ?? null,
        privateKey: fields.privateKey ?? null,
        notes: fields.notes?.trim() || null,
      };
      return vault.submitSecret({ actor: getPrincipal(request).user, requestId: request.params.id, secret, expiresInDays });
    },
  });

  app.post('/api/v1/access-requests/:id/reveal', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Reveal the credentials (the assigned agent or an admin, re-entering their password, with a reason); logged',
      params: uuidParam,
      body: revealBody,
      response: { 200: revealResponseSchema, ...responses },
    },
    handler: async (request, reply) => {
      const principal = getPrincipal(request);
      const result = await vault.reveal({ actor: principal.user, via: principal.via, requestId: request.params.id, ip: request.ip, ...request.body });
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(result);
    },
  });

  app.post('/api/v1/access-requests/:id/withdraw', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Withdraw the access (the customer): stored credentials are destroyed now',
      params: uuidParam,
      response: { 200: accessRequestSchema, ...responses },
    },
    handler: async (request) => vault.withdraw({ actor: getPrincipal(request).user, requestId: request.params.id }),
  });

  app.post('/api/v1/access-requests/:id/confirm-changed', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Confirm the destroyed credentials were changed (the customer); reminders stop',
      params: uuidParam,
      response: { 200: accessRequestSchema, ...responses },
    },
    handler: async (request) => vault.confirmChanged({ actor: getPrincipal(request).user, requestId: request.params.id }),
  });

  app.get('/api/v1/me/access-reminders', {
    config: { access: { roles: ['customer'] } },
    schema: {
      tags,
      summary: 'Destroyed credentials the customer has not yet confirmed as changed',
      response: { 200: pendingChangesSchema, ...problemResponses },
    },
    handler: async (request) => ({ items: await vault.pendingChanges({ actor: getPrincipal(request).user }) }),
  });

  app.get('/api/v1/vault/status', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Whether the vault can seal and open secrets, and what is wrong if not (admins)',
      response: { 200: vaultStatusSchema, ...problemResponses },
    },
    handler: async () => vault.status(),
  });
}
