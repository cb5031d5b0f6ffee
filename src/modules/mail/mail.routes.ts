import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { ADMINS } from '../../http/principal.js';
import { problemResponses, problemSchema } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { commonErrors } from '../../shared/errors.js';
import { TICKET_KINDS } from '../tickets/tickets.models.js';
import { inboundResultSchema, mailStatusSchema } from './mail.schemas.js';

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

/** The admin's view of mail, and the door for mail services that forward mail by HTTP. */
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

  // The raw-mail parser exists only in this scope, with a body limit of its own: a mail carries
  // attachments (base64, a third larger than the files), so it may be far larger than JSON bodies.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: mailer.settings.maxMailBytes }, (_request, body, done) => done(null, body));
    // Refuse callers before reading (and buffering) a body of up to that size.
    scope.addHook('preParsing', async (request) => {
      if (request.principalError) throw request.principalError;
      if (!request.principal) throw commonErrors.notSignedIn();
    });
    scope.post('/api/v1/mail/inbound', {
      config: { access: { roles: ADMINS, scopes: ['mail:inbound'] } },
      schema: {
        tags: ['mail'],
        summary: 'Take in one raw mail (message/rfc822), as if it had arrived in a polled mailbox',
        description:
          'For mail services that forward incoming mail by HTTP. The mail goes through the same path as the IMAP poller: threading, ' +
          'loop protection, one message per Message-ID, size limits (SUPPORTDESK_MAIL_MAX_BYTES, 413 beyond), attachment rules and ' +
          'credential masking. Answers 200 with what became of the mail, also when it was ignored (a retry would change nothing).',
        consumes: ['message/rfc822'],
        querystring: z.object({
          kind: z.enum(TICKET_KINDS).optional().describe('The kind of ticket a new conversation opens (default SUPPORTDESK_IMAP_KIND).'),
        }),
        body: z.instanceof(Buffer).describe('The raw RFC 5322 mail, as received.'),
        response: { 200: inboundResultSchema, ...problemResponses, 413: problemSchema, 415: problemSchema },
      },
      handler: async (request) => {
        const { outcome, ticketId } = await mailer.inbound.ingestMail({ raw: request.body, door: 'api', kind: request.query.kind });
        return { outcome, ticketId: ticketId ?? null };
      },
    });
  });
}
