import type { AppDeps } from '../../deps.js';
import { ALL_ROLES, getPrincipal } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { preferencesBody, preferencesSchema } from './notifications.schemas.js';

const tags = ['notifications'];

/** Each person's choice of optional mails. */
export function registerNotificationsRoutes(app: AppInstance, { notify }: AppDeps): void {
  app.get('/api/v1/me/notifications', {
    config: { access: { roles: ALL_ROLES } },
    schema: { tags, summary: 'Which optional mails you get', response: { 200: preferencesSchema, ...problemResponses } },
    handler: async (request) => notify.getPreferences({ user: getPrincipal(request).user }),
  });

  app.put('/api/v1/me/notifications', {
    config: { access: { roles: ALL_ROLES } },
    schema: {
      tags,
      summary: 'Turn optional mails on or off (only the keys you send change)',
      body: preferencesBody,
      response: { 200: preferencesSchema, ...problemResponses },
    },
    handler: async (request) => notify.updatePreferences({ user: getPrincipal(request).user, change: request.body }),
  });
}
