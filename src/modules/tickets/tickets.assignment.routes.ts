import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import type { AgentSummary } from './tickets.assignment.js';

const tags = ['tickets'];

const agentSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['agent', 'admin']),
  available: z.boolean().describe('Takes round-robin tickets; agents are available until they say otherwise.'),
  lastAssignedAt: z.string().nullable(),
  openTickets: z.number().describe('Open or pending tickets assigned to them.'),
});

function toAgentView(agent: AgentSummary) {
  return { ...agent, lastAssignedAt: agent.lastAssignedAt === null ? null : new Date(agent.lastAssignedAt).toISOString() };
}

export function registerAssignmentRoutes(app: AppInstance, { assignment }: AppDeps): void {
  app.get('/api/v1/agents', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Agents and admins with their availability and open tickets',
      response: { 200: z.object({ items: z.array(agentSchema) }), ...problemResponses },
    },
    handler: async () => ({ items: (await assignment.listAgents()).map(toAgentView) }),
  });

  app.put('/api/v1/me/availability', {
    config: { access: { roles: STAFF } },
    schema: {
      tags,
      summary: 'Say whether you take new tickets by round robin',
      body: z.object({ available: z.boolean() }),
      response: { 200: agentSchema, ...problemResponses },
    },
    handler: async (request) => {
      const { user } = getPrincipal(request);
      await assignment.setAvailability({ actor: user, available: request.body.available });
      const [me] = await assignment.listAgents({ userId: user.id });
      return toAgentView(me!);
    },
  });
}
