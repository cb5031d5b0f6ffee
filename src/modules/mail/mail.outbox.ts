import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { createId } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { Language } from '../accounts/accounts.models.js';
import { renderMail, type MailTemplate } from './mail.templates.js';

export type MailOutbox = ReturnType<typeof createMailOutbox>;

/**
 * Writes mail to the outbox table inside the caller's transaction, so a mail exists exactly when
 * the change that caused it was committed. Sending is a background job (the mail issue).
 */
export function createMailOutbox({
  clock,
  logger,
  isMailConfigured,
  productName,
  mailDomain,
}: {
  clock: Clock;
  logger: Logger;
  isMailConfigured: boolean;
  productName: string;
  mailDomain: string;
}) {
  return {
    async enqueue({
      trx,
      to,
      toName,
      template,
      language,
      name,
      link,
    }: {
      trx: DbOrTrx;
      to: string;
      toName?: string;
      template: MailTemplate;
      language: Language;
      name: string;
      link: string;
    }): Promise<{ id: string }> {
      const rendered = renderMail({ template, language, data: { name, link, productName } });
      const id = createId();
      await trx
        .insertInto('mail_outbox')
        .values({
          id,
          to_address: to,
          to_name: toName ?? null,
          template,
          language,
          subject: rendered.subject,
          text_body: rendered.text,
          html_body: null,
          message_id: `<${id}@${mailDomain}>`,
          in_reply_to: null,
          status: 'queued',
          attempts: 0,
          last_error: null,
          created_at: clock.now(),
          sent_at: null,
        })
        .execute();
      // DESIGN.md: without mail, links also go to the server log so a one-machine trial works.
      if (!isMailConfigured) logger.info({ mail: { to, template, link } }, `mail not configured; ${template} link for ${to}: ${link}`);
      return { id };
    },
  };
}
