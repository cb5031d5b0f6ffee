import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { getPrincipal, STAFF } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import type { CannedResponse } from '../../db/types.js';
import { unknownPlaceholders } from './canned.models.js';
import { cannedSchema, createCannedBody, patchCannedBody, renderCannedBody, renderedSchema } from './canned.schemas.js';

const tags = ['canned responses'];

function toCannedView(canned: CannedResponse) {
  return {
    id: canned.id,
    title: canned.title,
    bodyEn: canned.body_en,
    bodyRu: canned.body_ru,
    shared: canned.owner_id === null,
    ownerId: canned.owner_id,
    unknownPlaceholders: unknownPlaceholders(`${canned.body_en}\n${canned.body_ru}`),
    createdAt: new Date(canned.created_at).toISOString(),
    updatedAt: new Date(canned.updated_at).toISOString(),
  };
}

export function registerCannedRoutes(app: AppInstance, { canned }: AppDeps): void {
  app.get('/api/v1/canned-responses', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: "Shared canned responses and the caller's personal ones, by title",
      response: { 200: z.object({ items: z.array(cannedSchema) }), ...problemResponses },
    },
    handler: async (request) => ({ items: (await canned.list({ actor: getPrincipal(request).user })).map(toCannedView) }),
  });

  app.post('/api/v1/canned-responses', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Create a canned response: personal, or shared (admins)',
      body: createCannedBody,
      response: { 201: cannedSchema, ...problemResponses },
    },
    handler: async (request, reply) => reply.code(201).send(toCannedView(await canned.create({ ...request.body, actor: getPrincipal(request).user }))),
  });

  app.patch('/api/v1/canned-responses/:id', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Change a canned response (its owner, or an admin)',
      params: uuidParam,
      body: patchCannedBody,
      response: { 200: cannedSchema, ...problemResponses },
    },
    handler: async (request) => toCannedView(await canned.update({ actor: getPrincipal(request).user, id: request.params.id, changes: request.body })),
  });

  app.delete('/api/v1/canned-responses/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Delete a canned response (its owner, or an admin)', params: uuidParam, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      await canned.remove({ actor: getPrincipal(request).user, id: request.params.id });
      return reply.code(204).send(null);
    },
  });

  app.post('/api/v1/canned-responses/:id/render', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: "A canned response for one ticket: in its customer's language, placeholders filled (unknown ones left visible)",
      params: uuidParam,
      body: renderCannedBody,
      response: { 200: renderedSchema, ...problemResponses },
    },
    handler: async (request) => canned.render({ actor: getPrincipal(request).user, id: request.params.id, ticketId: request.body.ticketId }),
  });
}
