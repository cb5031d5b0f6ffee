import type { Db, DialectName } from '../../db/database.js';
import type { MailOutboxTable } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { defineError } from '../../shared/errors.js';
import type { Language } from '../accounts/accounts.models.js';
import type { AuditActor } from '../audit/audit.models.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { MailOutbox } from './mail.outbox.js';
import { renderContent } from './mail.render.js';
import type { MailSettings } from './mail.settings.js';
import { isLinkTemplate } from './mail.templates.js';

export const mailAdminErrors = {
  mailNotFound: defineError('mail.not_found', 404, 'No such mail in the outbox.'),
  notFailed: defineError('mail.not_failed', 409, 'Only a failed mail can be retried; this one is waiting or was sent.'),
};

/** How the admin page names outbox states: `waiting` is queued or being sent now. */
export const OUTBOX_FILTERS = ['waiting', 'sent', 'failed'] as const;
export type OutboxFilter = (typeof OUTBOX_FILTERS)[number];

type OutboxRow = Omit<MailOutboxTable, 'created_at' | 'sent_at' | 'attempts'> & { created_at: number; sent_at: number | null; attempts: number };

const STATUSES: Record<OutboxFilter, MailOutboxTable['status'][]> = { waiting: ['queued', 'sending'], sent: ['sent'], failed: ['failed'] };

function publicStatus(status: MailOutboxTable['status']): OutboxFilter {
  return status === 'queued' || status === 'sending' ? 'waiting' : status;
}

const iso = (at: number | null) => (at === null ? null : new Date(Number(at)).toISOString());

/** One line of the outbox list. */
export function toPublicOutboxMail(row: OutboxRow) {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    template: row.template,
    status: publicStatus(row.status),
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
  };
}

/**
 * The text of a mail as the admin may read it. Account and vault mails carry a one-time link
 * (a password, a sign-in, a vault form): the link is a credential, so it is hidden.
 */
export function adminTextBody(row: Pick<OutboxRow, 'template' | 'text_body'>): string {
  if (!isLinkTemplate(row.template)) return row.text_body;
  return row.text_body.replace(/https?:\/\/\S+/g, '[link hidden]');
}

/** A mail's headers and text, never its one-time links. */
export function toOutboxMailDetail(row: OutboxRow, from: { name: string; address: string }) {
  const extra = row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {};
  const headers: Record<string, string> = {
    From: from.name ? `${from.name} <${from.address}>` : from.address,
    To: row.to_name ? `${row.to_name} <${row.to_address}>` : row.to_address,
    Subject: row.subject,
    'Message-ID': row.message_id,
  };
  if (row.in_reply_to) headers['In-Reply-To'] = row.in_reply_to;
  if (row.references_header) headers.References = row.references_header;
  return { ...toPublicOutboxMail(row), language: row.language, ticketId: row.ticket_id, headers: { ...headers, ...extra }, text: adminTextBody(row) };
}

/** The admin's outbox (issue 16 item 5): list, read, retry a failed mail, send a test mail. */
export function createMailAdmin({ db, clock, outbox, settings }: { db: Db; dialect: DialectName; clock: Clock; outbox: MailOutbox; settings: MailSettings }) {
  return {
    /** Newest first, paged by (created_at, id). */
    async list({ status, limit, after }: { status?: OutboxFilter; limit: number; after?: { at: number; id: string } }): Promise<OutboxRow[]> {
      let query = db.selectFrom('mail_outbox').selectAll();
      if (status) query = query.where('status', 'in', STATUSES[status]);
      if (after) query = query.where((eb) => eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]));
      return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute()) as OutboxRow[];
    },

    async get(id: string): Promise<OutboxRow> {
      const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw mailAdminErrors.mailNotFound();
      return row as OutboxRow;
    },

    /** A failed mail goes back to waiting with its attempts reset; the sender takes it on its next run. */
    async retry({ actor, id }: { actor: AuditActor; id: string }): Promise<OutboxRow> {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const updated = await trx
          .updateTable('mail_outbox')
          .set({ status: 'queued', attempts: 0, last_error: null, next_attempt_at: now, locked_by: null, locked_until: null })
          .where('id', '=', id)
          .where('status', '=', 'failed')
          .returningAll()
          .executeTakeFirst();
        if (!updated) {
          const exists = await trx.selectFrom('mail_outbox').select('id').where('id', '=', id).executeTakeFirst();
          throw exists ? mailAdminErrors.notFailed() : mailAdminErrors.mailNotFound();
        }
        await recordAudit({
          trx,
          at: now,
          actor,
          action: 'mail.retried',
          target: { type: 'mail', id, label: updated.to_address },
          before: { status: 'failed' },
          after: { status: 'waiting' },
        });
        return updated as OutboxRow;
      });
    },

    /** A test mail through the normal outbox: it is sent (or fails) like any other mail. */
    async sendTest({ actor, to, language }: { actor: AuditActor; to: string; language: Language }): Promise<{ id: string }> {
      const content =
        language === 'ru'
          ? { subject: `Проверка почты ${settings.productName}`, paragraphs: ['Это проверочное письмо. Раз оно дошло, исходящая почта работает.'] }
          : { subject: `${settings.productName} test mail`, paragraphs: ['This is a test mail. If it reached you, outgoing mail works.'] };
      const rendered = renderContent({ content, productName: settings.productName });
      return db.transaction().execute(async (trx) => {
        const { id } = await outbox.enqueueRendered({ trx, to, template: 'admin_test', language, rendered, autoSubmitted: 'auto-generated' });
        await recordAudit({ trx, at: clock.now(), actor, action: 'mail.test_sent', target: { type: 'mail', id, label: to } });
        return { id };
      });
    },
  };
}
