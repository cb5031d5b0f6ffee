import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { getPrincipal, STAFF } from '../../http/principal.js';
import { noContent, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import type { SavedView } from '../../db/types.js';
import { parseStoredFilters, viewFiltersSchema, viewSortSchema } from './views.models.js';
import { createViewsService } from './views.service.js';

const tags = ['saved views'];
const name = z.string().trim().min(1).max(60);

const viewSchema = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean().describe('Shared with every agent (made by an admin); otherwise personal.'),
  ownerId: z.string().nullable(),
  filters: viewFiltersSchema,
  sort: viewSortSchema,
  count: z.number().optional().describe('In lists: how many tickets the view holds now.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const createViewBody = z
  .object({ name, shared: z.boolean().default(false).describe('Admins only.'), filters: viewFiltersSchema, sort: viewSortSchema.default('updated_desc') })
  .meta({ examples: [{ name: 'Billing, unassigned', shared: false, filters: { queue: 'unassigned', tag: 'billing' }, sort: 'updated_desc' }] });
const patchViewBody = z
  .object({ name, filters: viewFiltersSchema, sort: viewSortSchema })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.', params: { code: 'validation.nothing_to_change' } });

function toView(view: SavedView, count?: number) {
  return {
    id: view.id,
    name: view.name,
    shared: view.owner_id === null,
    ownerId: view.owner_id,
    filters: parseStoredFilters(view.filters),
    sort: view.sort,
    ...(count !== undefined && { count }),
    createdAt: new Date(Number(view.created_at)).toISOString(),
    updatedAt: new Date(Number(view.updated_at)).toISOString(),
  };
}

export function registerViewsRoutes(app: AppInstance, { db, dialect, clock }: AppDeps): void {
  const views = createViewsService({ db, dialect, clock });

  app.get('/api/v1/views', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: "Shared saved views and the caller's own, each with how many tickets it holds",
      response: { 200: z.object({ items: z.array(viewSchema) }), ...problemResponses },
    },
    handler: async (request) => ({ items: (await views.list({ actor: getPrincipal(request).user })).map(({ view, count }) => toView(view, count)) }),
  });

  app.post('/api/v1/views', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Save a view: personal, or shared (admins)', body: createViewBody, response: { 201: viewSchema, ...problemResponses } },
    handler: async (request, reply) => reply.code(201).send(toView(await views.create({ ...request.body, actor: getPrincipal(request).user }))),
  });

  app.patch('/api/v1/views/:id', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Rename a view or change its filters or sort (its owner; shared views: admins)',
      params: uuidParam,
      body: patchViewBody,
      response: { 200: viewSchema, ...problemResponses },
    },
    handler: async (request) => toView(await views.update({ actor: getPrincipal(request).user, id: request.params.id, changes: request.body })),
  });

  app.delete('/api/v1/views/:id', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'Delete a view (its owner; shared views: admins)', params: uuidParam, response: { 204: noContent, ...problemResponses } },
    handler: async (request, reply) => {
      await views.remove({ actor: getPrincipal(request).user, id: request.params.id });
      return reply.code(204).send(null);
    },
  });
}
