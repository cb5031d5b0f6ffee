import type { AppDeps } from '../../deps.js';
import { ADMINS } from '../../http/principal.js';
import { problemResponses } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { mailStatusSchema } from './mail.schemas.js';

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

/** The admin's view of mail: is it configured, and how do the outbox and the mailboxes stand. */
export function registerMailRoutes(app: AppInstance, { mailer, db }: AppDeps): void {
  app.get('/api/v1/mail/status', {
    config: { access: { roles: ADMINS } },
    schema: { tags: ['mail'], summary: 'Whether mail is configured, and the outbox and mailboxes', response: { 200: mailStatusSchema, ...problemResponses } },
    handler: async () => {
      const status = await mailer.delivery.status();
      const states = await db.selectFrom('mail_mailboxes').selectAll().execute();
      return {
        ...status,
        oldestQueuedAt: iso(status.oldestQueuedAt),
        mailboxes: mailer.settings.mailboxes.map((m) => {
          const state = states.find((s) => s.name === m.name);
          return { name: m.name, kind: m.kind, lastPolledAt: iso(state?.last_polled_at ?? null), lastError: state?.last_error ?? null };
        }),
      };
    },
  });
}
