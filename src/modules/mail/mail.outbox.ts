import type { DbOrTrx } from '../../db/database.js';
import type { NewOutboxMail } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { Language } from '../accounts/accounts.models.js';
import type { MailSettings } from './mail.settings.js';
import { mailSafeName } from './mail.render.js';
import { renderMail, type LinkMailTemplate, type MailTemplate, type RenderedMail } from './mail.templates.js';
import { findThreadHeaders, threadOfNewTicket, type ThreadHeaders } from './mail.threads.js';

export type MailOutbox = ReturnType<typeof createMailOutbox>;

/** A link mail that was not sent, as lines a person can read and copy the link from. */
export function describeUnsentLink({ to, template, link }: { to: string; template: string; link: string }): string {
  return ['', `Mail is not configured, so the ${template} mail to ${to} was not sent. Its link:`, `  ${link}`, ''].join('\n');
}

/** RFC 3834: how a mail came about, so that auto-responders on the other side stay quiet. */
export type AutoSubmitted = 'auto-generated' | 'auto-replied' | null;

/** A rendered mail to write to the outbox. */
export interface OutgoingMail {
  trx: DbOrTrx;
  to: string;
  toName?: string;
  template: MailTemplate;
  language: Language;
  rendered: RenderedMail;
  /** The ticket the mail is about: it then threads with every other mail about that ticket. */
  ticketId?: string;
  /** The ticket's thread from `findThread`, when one change mails several people. */
  thread?: ThreadHeaders;
  /** For an answer to a mail that belongs to no ticket: that mail's Message-ID. */
  inReplyTo?: string;
  autoSubmitted?: AutoSubmitted;
}

/**
 * Writes mail to the outbox table inside the caller's transaction, so a mail exists exactly when
 * the change that caused it was committed. Sending is a background job (mail.delivery.ts).
 */
export function createMailOutbox({
  clock,
  logger,
  settings,
  announce,
}: {
  clock: Clock;
  logger: Logger;
  settings: MailSettings;
  /**
   * Where `serve` prints, for the person at the terminal, a link that would have been mailed while
   * mail is not configured (a line of its own, not a JSON log entry among the others).
   */
  announce?: (text: string) => void;
}) {
  const isConfigured = settings.outbound !== null;

  /** The thread headers of a ticket's next mail. */
  async function findThread({ trx, ticketId }: { trx: DbOrTrx; ticketId: string }): Promise<ThreadHeaders> {
    return findThreadHeaders({ trx, ticketId, mailDomain: settings.mailDomain });
  }

  /** The thread of a ticket just opened with `first` (read from memory, not the database). */
  function threadOfNew({ ticketId, first }: { ticketId: string; first: { source: string; external_id: string | null } }): ThreadHeaders {
    return threadOfNewTicket({ ticketId, first, mailDomain: settings.mailDomain });
  }

  async function toRow(mail: Omit<OutgoingMail, 'trx'>, trx: DbOrTrx): Promise<NewOutboxMail> {
    const id = createId();
    const now = clock.now();
    let inReplyTo = mail.inReplyTo ?? null;
    let references = mail.inReplyTo ? [mail.inReplyTo] : [];
    if (mail.ticketId) {
      const thread = mail.thread ?? (await findThread({ trx, ticketId: mail.ticketId }));
      inReplyTo = thread.inReplyTo;
      references = thread.references;
    }
    const headers: Record<string, string> = { 'X-Auto-Response-Suppress': 'All' };
    if (mail.autoSubmitted) headers['Auto-Submitted'] = mail.autoSubmitted;
    return {
      id,
      to_address: mail.to,
      to_name: mail.toName === undefined ? null : mailSafeName(mail.toName),
      template: mail.template,
      language: mail.language,
      subject: mail.rendered.subject,
      text_body: mail.rendered.text,
      html_body: mail.rendered.html,
      message_id: `<${id}@${settings.mailDomain}>`,
      in_reply_to: inReplyTo,
      references_header: references.length > 0 ? references.join(' ') : null,
      headers: JSON.stringify(headers),
      ticket_id: mail.ticketId ?? null,
      status: 'queued',
      attempts: 0,
      last_error: null,
      next_attempt_at: now,
      locked_by: null,
      locked_until: null,
      created_at: now,
      sent_at: null,
    };
  }

  async function enqueueRendered(mail: OutgoingMail): Promise<{ id: string; messageId: string }> {
    const row = await toRow(mail, mail.trx);
    await mail.trx.insertInto('mail_outbox').values(row).execute();
    return { id: row.id, messageId: row.message_id };
  }

  /** Several mails in one statement (one change that mails many agents). */
  async function enqueueRenderedMany({ trx, mails }: { trx: DbOrTrx; mails: Omit<OutgoingMail, 'trx'>[] }): Promise<void> {
    if (mails.length === 0) return;
    const rows: NewOutboxMail[] = [];
    for (const mail of mails) rows.push(await toRow(mail, trx));
    await trx.insertInto('mail_outbox').values(rows).execute();
  }

  return {
    isConfigured,
    findThread,
    threadOfNew,
    enqueueRendered,
    enqueueRenderedMany,

    /**
     * Writes a link mail (account mails; the vault's `vault_requested` and
     * `vault_change_credentials`, which carry only the ticket's number and subject and a link).
     * With `ticket.id` the mail threads with the ticket's other mails.
     */
    async enqueue({
      trx,
      to,
      toName,
      template,
      language,
      name,
      link,
      ticket,
      about,
    }: {
      trx: DbOrTrx;
      to: string;
      toName?: string;
      template: LinkMailTemplate;
      language: Language;
      name: string;
      link: string;
      ticket?: { id?: string; number: number; subject: string };
      about?: string;
    }): Promise<{ id: string }> {
      const rendered = renderMail({
        template,
        language,
        data: { name, link, productName: settings.productName, ticket: ticket && { number: ticket.number, subject: ticket.subject }, about },
      });
      const { id } = await enqueueRendered({ trx, to, toName, template, language, rendered, ticketId: ticket?.id, autoSubmitted: 'auto-generated' });
      // DESIGN.md: without mail, links also go to the server log so a one-machine trial works.
      if (!isConfigured) {
        if (announce) announce(describeUnsentLink({ to, template, link }));
        else logger.info({ mail: { to, template, link } }, `mail not configured; ${template} link for ${to}: ${link}`);
      }
      return { id };
    },
  };
}
