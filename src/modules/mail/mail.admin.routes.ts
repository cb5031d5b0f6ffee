import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { decodeKeyset, encodeKeyset } from '../../http/cursor.js';
import { ADMINS, getPrincipal } from '../../http/principal.js';
import { emailSchema, problemResponses, uuidParam } from '../../http/schemas.js';
import type { AppInstance } from '../../http/types.js';
import { auditActor } from '../accounts/accounts.routes.js';
import { createMailAdmin, OUTBOX_FILTERS, toOutboxMailDetail, toPublicOutboxMail } from './mail.admin.js';

const tags = ['mail'];

const outboxMailSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  status: z.enum(OUTBOX_FILTERS).describe('waiting (queued or being sent now), sent or failed (refused for good).'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

const outboxMailDetailSchema = outboxMailSchema.extend({
  language: z.string(),
  ticketId: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
  text: z.string().describe('The text body; one-time links of account and vault mails are hidden.'),
});

const outboxQuery = z.object({
  status: z.enum(OUTBOX_FILTERS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page.'),
});

const mailSettingsSchema = z.object({
  smtp: z
    .object({ host: z.string(), port: z.number().int(), user: z.string(), from: z.string() })
    .nullable()
    .describe('Null while SUPPORTDESK_SMTP_HOST is not set.'),
  imap: z.array(z.object({ name: z.string(), host: z.string(), user: z.string(), folder: z.string() })),
  changeWhere: z.string().describe('Where these settings are changed.'),
});

/** The admin's outbox (issue 16 item 5). Passwords never leave the server. */
export function registerMailAdminRoutes(app: AppInstance, { db, dialect, clock, mail, mailer }: AppDeps): void {
  const admin = createMailAdmin({ db, dialect, clock, outbox: mail, settings: mailer.settings });

  app.get('/api/v1/admin/mail', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Outbox mails, newest first (admins)',
      querystring: outboxQuery,
      response: { 200: z.object({ items: z.array(outboxMailSchema), nextCursor: z.string().nullable() }), ...problemResponses },
    },
    handler: async (request) => {
      const { limit, cursor, status } = request.query;
      const after = cursor ? decodeKeyset(cursor, { dialect }) : undefined;
      const rows = await admin.list({ status, limit: limit + 1, after: after && { at: after.value, id: after.id } });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toPublicOutboxMail),
        nextCursor: rows.length > limit && last ? encodeKeyset({ value: Number(last.created_at), id: last.id }) : null,
      };
    },
  });

  app.get('/api/v1/admin/mail/settings', {
    config: { access: { roles: ADMINS } },
    schema: { tags, summary: 'The SMTP and IMAP settings, without passwords (admins)', response: { 200: mailSettingsSchema, ...problemResponses } },
    handler: async () => {
      const { outbound, mailboxes, from } = mailer.settings;
      return {
        smtp: outbound && { host: outbound.host, port: outbound.port, user: outbound.user, from: from.address },
        imap: mailboxes.map((m) => ({ name: m.name, host: m.host, user: m.user, folder: m.folder })),
        changeWhere: 'SUPPORTDESK_SMTP_* and SUPPORTDESK_IMAP_* environment variables (README.md, Configuration and Mail); restart the server after a change.',
      };
    },
  });

  app.get('/api/v1/admin/mail/:id', {
    config: { access: { roles: ADMINS } },
    schema: { tags, summary: "A mail's headers and text (admins)", params: uuidParam, response: { 200: outboxMailDetailSchema, ...problemResponses } },
    handler: async (request) => toOutboxMailDetail(await admin.get(request.params.id), mailer.settings.from),
  });

  app.post('/api/v1/admin/mail/:id/retry', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Send a failed mail again (admins)',
      description: 'The mail goes back to waiting with its attempts reset. 409 mail.not_failed when it is not failed.',
      params: uuidParam,
      response: { 200: outboxMailSchema, ...problemResponses },
    },
    handler: async (request) => toPublicOutboxMail(await admin.retry({ actor: auditActor(request), id: request.params.id })),
  });

  app.post('/api/v1/admin/mail/test', {
    config: { access: { roles: ADMINS } },
    schema: {
      tags,
      summary: 'Send a test mail through the outbox (admins)',
      body: z.object({ to: emailSchema }),
      response: { 201: z.object({ id: z.string() }), ...problemResponses },
    },
    handler: async (request, reply) => {
      const { user } = getPrincipal(request);
      const result = await admin.sendTest({ actor: auditActor(request), to: request.body.to, language: user.language });
      return reply.status(201).send(result);
    },
  });
}
