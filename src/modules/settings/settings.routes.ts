import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { ADMINS, getPrincipal, STAFF } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { createSettingsRepository } from './settings.repository.js';
import { readWorkspaceSettings, WORKSPACE_SETTING } from './settings.workspace.js';

const tags = ['settings'];

const workspaceSchema = z.object({
  replyTakesTicket: z.boolean().describe('A public reply on an unassigned ticket assigns it to the agent who replied (default on).'),
});

/** Workspace-wide settings: staff read them, admins change them. */
export function registerSettingsRoutes(app: AppInstance, { db, clock }: AppDeps): void {
  app.get('/api/v1/settings/workspace', {
    config: { access: { roles: STAFF } },
    schema: { tags, summary: 'How the agent workspace behaves', response: { 200: workspaceSchema, ...problemResponses } },
    handler: async () => readWorkspaceSettings({ db }),
  });

  app.put('/api/v1/settings/workspace', {
    config: { access: { roles: ADMINS } },
    schema: { tags, summary: 'Change how the agent workspace behaves', body: workspaceSchema, response: { 200: workspaceSchema, ...problemResponses } },
    handler: async (request) => {
      await createSettingsRepository({ db }).write({ key: WORKSPACE_SETTING, value: request.body, at: clock.now(), by: getPrincipal(request).user.id });
      return readWorkspaceSettings({ db });
    },
  });
}
