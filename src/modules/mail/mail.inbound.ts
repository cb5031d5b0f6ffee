import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Ticket, TicketKind, User } from '../../db/types.js';
import type { Clock } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { isStaff, isVerified, normalizeEmail } from '../accounts/accounts.models.js';
import { createAccountsRepository } from '../accounts/accounts.repository.js';
import type { AttachmentsUsecases } from '../attachments/attachments.usecases.js';
import type { LicensesUsecases } from '../licenses/licenses.usecases.js';
import { createNotificationsRepository } from '../notifications/notifications.repository.js';
import { isSupportKind } from '../tickets/tickets.models.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import type { TicketsUsecases } from '../tickets/tickets.usecases.js';
import {
  cleanSubject,
  collectReferences,
  detectAutomatic,
  findTicketNumber,
  guessLanguage,
  normalizeMessageId,
  stripQuotedText,
  toHeaderMap,
} from './mail.inbound.models.js';
import { POLICIES, throttleKey } from '../throttles/throttles.models.js';
import type { Throttles } from '../throttles/throttles.usecases.js';
import { createMailLinks } from './mail.links.js';
import type { MailOutbox } from './mail.outbox.js';
import type { MailSettings } from './mail.settings.js';
import { renderTicketMail } from './mail.templates.js';
import { findTicketIdByMessageIds } from './mail.threads.js';

export type MailInbound = ReturnType<typeof createMailInbound>;

async function* once(content: Buffer): AsyncGenerator<Uint8Array> {
  yield content;
}

/** What became of one inbound mail (stored in `mail_inbound.outcome`). */
export type InboundOutcome =
  | 'duplicate'
  | 'ignored_automatic'
  | 'ignored_no_sender'
  | 'unknown_sender_answered'
  | 'unknown_sender_ignored'
  | 'throttled'
  | 'refused_not_entitled'
  | 'ticket_created'
  | 'reply_added'
  | 'staff_reply_added'
  | 'ignored_staff'
  | 'refused_too_large'
  | 'failed';

/** Mails that start a conversation (a ticket or an answer) from one address per hour, beyond which they are only recorded. */
export const NEW_THREADS_PER_HOUR = POLICIES.inboundThreads.limit;
const MAX_ATTACHMENTS = 10;
const DAY = 24 * 3600_000;

/**
 * Turns a mail into what the web would have made of it: a ticket or a reply from a known customer
 * (entitlement as on the web, R1), an agent's reply, or a polite answer, all through the same use
 * cases. A Message-ID is processed once; machines (auto-replies, bounces) are never answered.
 */
export function createMailInbound({
  db,
  clock,
  logger,
  settings,
  tickets,
  licenses,
  attachments,
  outbox,
  throttles,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: MailSettings;
  tickets: TicketsUsecases;
  licenses: LicensesUsecases;
  attachments: AttachmentsUsecases;
  outbox: MailOutbox;
  throttles: Throttles;
}) {
  const links = createMailLinks(settings.publicUrl);

  async function isDuplicate(messageId: string): Promise<boolean> {
    if (await db.selectFrom('mail_inbound').select('message_id').where('message_id', '=', messageId).executeTakeFirst()) return true;
    return (await createTicketsRepository({ db }).findMessageByExternalId({ externalId: messageId })) !== undefined;
  }

  async function record(args: {
    trx?: DbOrTrx;
    messageId: string;
    mailbox: string;
    from: string;
    subject: string;
    outcome: InboundOutcome;
    ticketId?: string;
    receivedAt: number;
  }): Promise<{ outcome: InboundOutcome; ticketId?: string }> {
    await (args.trx ?? db)
      .insertInto('mail_inbound')
      .values({
        message_id: args.messageId,
        mailbox: args.mailbox,
        from_address: args.from,
        subject: args.subject.slice(0, 500),
        outcome: args.outcome,
        ticket_id: args.ticketId ?? null,
        received_at: args.receivedAt,
        processed_at: clock.now(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
    return { outcome: args.outcome, ticketId: args.ticketId };
  }

  /**
   * Reserves one of the address's new conversations this hour (a ticket, or an answer to a
   * stranger); false beyond the limit. Reserved, not counted afterwards, so mail read by several
   * workers at once cannot slip past it.
   */
  async function reserveNewThread(from: string): Promise<boolean> {
    return (await throttles.reserve({ checks: [{ key: throttleKey.inboundThreads(from), policy: 'inboundThreads' }] })).ok;
  }

  /** The ticket this mail continues: by its In-Reply-To/References, else by "[#123]" in the subject; merged tickets lead on. */
  async function findThreadTicket(parsed: ParsedMail, user: User): Promise<Ticket | undefined> {
    const repo = createTicketsRepository({ db });
    // Long threads carry long References; the latest fifty are plenty.
    const references = collectReferences({ inReplyTo: parsed.inReplyTo, references: parsed.references }).slice(-50);
    const byReference = await findTicketIdByMessageIds({ db, messageIds: references, mailDomain: settings.mailDomain });
    const number = findTicketNumber(parsed.subject);
    let ticket = byReference ? await repo.findTicket({ id: byReference }) : number !== undefined ? await repo.findTicketByNumber({ number }) : undefined;
    for (let hops = 0; ticket?.merged_into && hops < 5; hops++) ticket = await repo.findTicket({ id: ticket.merged_into });
    if (!ticket) return undefined;
    return isStaff(user.role) || ticket.customer_id === user.id ? ticket : undefined;
  }

  /** Stores the mail's files as the sender's uploads, under the web's limits; refused files are named in the text. */
  async function keepAttachments(parsed: ParsedMail, user: User): Promise<{ ids: string[]; notes: string[] }> {
    const ids: string[] = [];
    const notes: string[] = [];
    // Inline images referenced from the HTML (logos, signatures) are decoration, not attachments.
    const files = parsed.attachments.filter((a) => !(a.related && a.contentDisposition === 'inline'));
    for (const file of files) {
      const name = file.filename ?? 'attachment';
      if (ids.length >= MAX_ATTACHMENTS) {
        notes.push(`${name}: more than ${MAX_ATTACHMENTS} attachments`);
        continue;
      }
      try {
        const { attachment } = await attachments.upload({ actor: user, fileName: name, claimedType: file.contentType, content: once(file.content) });
        ids.push(attachment.id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        notes.push(`${name}: ${error.message}`);
      }
    }
    return { ids, notes };
  }

  async function answerStranger({
    from,
    messageId,
    subject,
    text,
    mailbox,
    receivedAt,
  }: {
    from: string;
    messageId: string;
    subject: string;
    text: string;
    mailbox: string;
    receivedAt: number;
  }) {
    if (settings.unknownSenders === 'ignore' || !(await reserveNewThread(from)))
      return record({ messageId, mailbox, from, subject, outcome: 'unknown_sender_ignored', receivedAt });
    return db.transaction().execute(async (trx) => {
      const isFirstToday = await createNotificationsRepository({ db: trx }).claimNotice({
        subjectId: from,
        notice: 'unknown_sender',
        version: Math.floor(clock.now() / DAY),
        at: clock.now(),
      });
      if (!isFirstToday) return record({ trx, messageId, mailbox, from, subject, outcome: 'unknown_sender_ignored', receivedAt });
      const language = guessLanguage(`${subject}\n${text}`);
      const rendered = renderTicketMail({
        template: 'unknown_sender',
        language,
        data: { subject: subject || '…', signUpLink: links.signUp() },
        productName: settings.productName,
      });
      await outbox.enqueueRendered({ trx, to: from, template: 'unknown_sender', language, rendered, inReplyTo: messageId, autoSubmitted: 'auto-replied' });
      return record({ trx, messageId, mailbox, from, subject, outcome: 'unknown_sender_answered', receivedAt });
    });
  }

  async function refuse({
    user,
    messageId,
    subject,
    mailbox,
    receivedAt,
  }: {
    user: User;
    messageId: string;
    subject: string;
    mailbox: string;
    receivedAt: number;
  }) {
    return db.transaction().execute(async (trx) => {
      const rendered = renderTicketMail({
        template: 'support_not_entitled',
        language: user.language,
        data: { name: user.name, subject: subject || '…', link: links.account(), isVerified: isVerified(user) },
        productName: settings.productName,
      });
      await outbox.enqueueRendered({
        trx,
        to: user.email,
        toName: user.name,
        template: 'support_not_entitled',
        language: user.language,
        rendered,
        inReplyTo: messageId,
        autoSubmitted: 'auto-replied',
      });
      return record({ trx, messageId, mailbox, from: user.email, subject, outcome: 'refused_not_entitled', receivedAt });
    });
  }

  /** Processes one raw mail that arrived in `mailbox` at `receivedAt` (its IMAP internal date). */
  async function processMail({
    mailbox,
    raw,
    receivedAt,
  }: {
    mailbox: { name: string; kind: TicketKind };
    raw: Buffer;
    receivedAt: number;
  }): Promise<{ outcome: InboundOutcome; ticketId?: string }> {
    if (raw.length > settings.maxMailBytes) {
      // Not parsed at all: the headers of a mail this size are not worth the memory.
      const messageId = `<${createHash('sha256').update(raw).digest('hex')}@inbound.${settings.mailDomain}>`;
      if (await isDuplicate(messageId)) return { outcome: 'duplicate' };
      logger.warn({ mailbox: mailbox.name, bytes: raw.length, limit: settings.maxMailBytes }, 'inbound mail too large; refused');
      return record({ messageId, mailbox: mailbox.name, from: '', subject: '', outcome: 'refused_too_large', receivedAt });
    }
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const messageId = parsed.messageId
      ? normalizeMessageId(parsed.messageId)
      : `<${createHash('sha256').update(raw).digest('hex')}@inbound.${settings.mailDomain}>`;
    if (await isDuplicate(messageId)) return { outcome: 'duplicate' };
    const from = normalizeEmail(parsed.from?.value[0]?.address ?? '');
    // PostgreSQL cannot store NUL in text; a mail may carry them.
    const subject = (parsed.subject ?? '').replaceAll('\u0000', '');
    const base = { messageId, mailbox: mailbox.name, from, subject, receivedAt };
    if (!from) return record({ ...base, outcome: 'ignored_no_sender' });
    const automatic = detectAutomatic({ headers: toHeaderMap(parsed.headerLines), from, ownAddresses: [settings.from.address] });
    if (automatic) {
      logger.info({ mailbox: mailbox.name, messageId, reason: automatic }, 'automatic mail ignored');
      return record({ ...base, outcome: 'ignored_automatic' });
    }
    const text = (parsed.text ?? '').replaceAll('\u0000', '');
    const user = await createAccountsRepository({ db }).findUserByEmail({ email: from });
    if (!user || user.disabled_at !== null) return answerStranger({ ...base, text });

    const ticket = await findThreadTicket(parsed, user);
    if (isStaff(user.role) && !ticket) return record({ ...base, outcome: 'ignored_staff' });
    const isNewThread = !ticket;
    if (isNewThread) {
      if (!(await reserveNewThread(from))) return record({ ...base, outcome: 'throttled' });
      if (isSupportKind(mailbox.kind) && !(await licenses.entitlementOf({ customer: user, at: receivedAt })).supportEligible) return refuse({ ...base, user });
    }

    const files = await keepAttachments(parsed, user);
    // Credentials are masked by the ticket use cases, for mail exactly as for the web.
    const stripped = stripQuotedText(text);
    const notes = files.notes.length > 0 ? `\n\n(${files.notes.join('; ')})` : '';
    const body = `${stripped || '(no text)'}${notes}`.slice(0, 50_000);
    const input = { body, source: 'mail' as const, externalId: messageId, arrivedAt: receivedAt, attachmentIds: files.ids };
    try {
      if (ticket) {
        const result = await tickets.addMessage({ ...input, actor: user, ticketId: ticket.id });
        return record({ ...base, outcome: isStaff(user.role) ? 'staff_reply_added' : 'reply_added', ticketId: result.ticket.id });
      }
      const created = await tickets.createTicket({ ...input, actor: user, kind: mailbox.kind, subject: cleanSubject(subject) || '(no subject)' });
      return record({ ...base, outcome: 'ticket_created', ticketId: created.ticket.id });
    } catch (error) {
      // Another worker took the same Message-ID first (the unique external id refused ours).
      if (await isDuplicate(messageId)) return { outcome: 'duplicate' };
      if (isAppError(error) && error.code === 'tickets.support_not_entitled') return refuse({ ...base, user });
      // A refusal of the use case (a closed ticket, say) will not change on a retry: record it.
      if (isAppError(error)) {
        logger.warn({ mailbox: mailbox.name, messageId, code: error.code }, 'inbound mail refused');
        return record({ ...base, outcome: 'failed', ticketId: ticket?.id });
      }
      throw error;
    }
  }

  /**
   * Takes in one raw mail handed over by HTTP (`POST /api/v1/mail/inbound`) or a local MTA's pipe
   * (`supportdesk mail ingest`): the same path as a polled mailbox, received now.
   */
  async function ingestMail({ raw, door, kind = settings.defaultInboundKind }: { raw: Buffer; door: 'api' | 'cli'; kind?: TicketKind }) {
    return processMail({ mailbox: { name: `${door}:${kind}`, kind }, raw, receivedAt: clock.now() });
  }

  return { processMail, ingestMail };
}
