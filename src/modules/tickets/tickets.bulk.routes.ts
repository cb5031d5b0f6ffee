import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { applyBulkAction } from './tickets.bulk.js';
import { TICKET_PRIORITIES, TICKET_STATUSES } from './tickets.models.js';

const tags = ['tickets'];
const tagList = z.array(z.string().trim().min(1).max(40)).min(1).max(20);

export const bulkBody = z
  .object({
    ids: z
      .array(z.uuid())
      .min(1)
      .max(100)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'Each ticket once.' })
      .describe('The tickets to change, at most 100.'),
    action: z.discriminatedUnion('type', [
      z.object({ type: z.literal('assign'), assigneeId: z.uuid().nullable().describe('null unassigns.') }),
      z.object({ type: z.literal('status'), status: z.enum(TICKET_STATUSES) }),
      z.object({ type: z.literal('priority'), priority: z.enum(TICKET_PRIORITIES) }),
      z.object({ type: z.literal('add_tags'), tags: tagList }),
      z.object({ type: z.literal('remove_tags'), tags: tagList }),
      z.object({ type: z.literal('resolve') }),
      z.object({ type: z.literal('merge'), targetId: z.uuid().describe('Every listed ticket is merged into this one (same customer).') }),
    ]),
  })
  .meta({ examples: [{ ids: ['0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6071'], action: { type: 'add_tags', tags: ['billing'] } }] });

const resultSchema = z.union([
  z.object({ id: z.string(), ok: z.literal(true), number: z.number() }),
  z.object({ id: z.string(), ok: z.literal(false), code: z.string(), message: z.string() }),
]);

export function registerBulkRoutes(app: AppInstance, { ticketActions }: AppDeps): void {
  app.post('/api/v1/tickets/bulk', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Change many tickets at once: assign, status, priority, tags, resolve or merge',
      description:
        'Each ticket is changed as by its own request (same rules, same events), in its own transaction: a refused ticket leaves the others changed. The answer lists every ticket with ok, or the code of its refusal.',
      body: bulkBody,
      response: { 200: z.object({ results: z.array(resultSchema), changed: z.number(), failed: z.number() }), ...problemResponses },
    },
    handler: async (request) => {
      const results = await applyBulkAction({
        actions: ticketActions,
        actor: getPrincipal(request).user,
        ids: request.body.ids,
        action: request.body.action,
      });
      const changed = results.filter((r) => r.ok).length;
      return { results, changed, failed: results.length - changed };
    },
  });
}
