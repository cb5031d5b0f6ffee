import type { Db, DbOrTrx } from '../../db/database.js';
import type { Ticket, TicketMessage, User } from '../../db/types.js';
import type { JobQueue } from '../../jobs/jobs.queue.js';
import type { Clock } from '../../shared/clock.js';
import { createMailLinks } from '../mail/mail.links.js';
import type { MailOutbox } from '../mail/mail.outbox.js';
import type { MailSettings } from '../mail/mail.settings.js';
import type { ThreadHeaders } from '../mail/mail.threads.js';
import { renderTicketMail } from '../mail/mail.templates.js';
import type { TicketMailData, TicketMailTemplate } from '../mail/mail.templates.tickets.js';
import { findDueInfo, formatDue, quoteOf, ticketRef } from './notifications.content.js';
import { notificationsErrors } from './notifications.errors.js';
import { TICKET_CREATED_JOB } from './notifications.jobs.js';
import { applyPreferenceChange, resolvePreferences, wantsMail, type NotificationSwitch } from './notifications.models.js';
import { createNotificationsRepository, type Recipient } from './notifications.repository.js';

export type Notifier = ReturnType<typeof createNotifier>;

/**
 * What ticket use cases tell the mail side, inside their own transactions, so each mail is in the
 * outbox exactly when the change that caused it is committed. Only `trx` is used: never `db`.
 */
export interface TicketNotifier {
  onTicketCreated(args: { trx: DbOrTrx; ticket: Ticket; message: TicketMessage; actor: User }): Promise<void>;
  onCustomerReply(args: { trx: DbOrTrx; ticket: Ticket; message: TicketMessage }): Promise<void>;
  /** `isDeclined`: the reply is a decline (R6): the customer is invited to answer, not to rate. */
  onAgentReply(args: { trx: DbOrTrx; ticket: Ticket; message: TicketMessage; actor: User; isResolved: boolean; isDeclined?: boolean }): Promise<void>;
  onResolved(args: { trx: DbOrTrx; ticket: Ticket; actor: User }): Promise<void>;
}

/** Ticket notifications (DESIGN.md: mail is a first-class channel) and people's choices about them. */
export function createNotifier({
  db,
  clock,
  outbox,
  settings,
  jobs,
}: {
  db: Db;
  clock: Clock;
  outbox: MailOutbox;
  settings: MailSettings;
  jobs: Pick<JobQueue, 'enqueue'>;
}) {
  const links = createMailLinks(settings.publicUrl);

  /**
   * Writes a ticket mail to each recipient who wants it (`what` null: always), in one statement.
   * `dataFor` makes each recipient's data (their name, zone and language).
   */
  async function send<T extends TicketMailTemplate>({
    trx,
    recipients,
    what,
    template,
    ticket,
    dataFor,
    thread,
  }: {
    trx: DbOrTrx;
    recipients: Recipient[];
    what: NotificationSwitch | null;
    template: T;
    ticket: Ticket;
    dataFor: (recipient: Recipient) => TicketMailData[T];
    /** The ticket's thread, when the caller already looked it up. */
    thread?: ThreadHeaders;
  }): Promise<void> {
    const wanted = recipients.filter(({ user, stored }) => what === null || wantsMail({ role: user.role, stored, what, kind: ticket.kind }));
    if (wanted.length === 0) return;
    const threadHeaders = thread ?? (await outbox.findThread({ trx, ticketId: ticket.id }));
    await outbox.enqueueRenderedMany({
      trx,
      mails: wanted.map((recipient) => ({
        to: recipient.user.email,
        toName: recipient.user.name,
        template,
        language: recipient.user.language,
        rendered: renderTicketMail({ template, language: recipient.user.language, data: dataFor(recipient), productName: settings.productName }),
        ticketId: ticket.id,
        thread: threadHeaders,
        // An agent's reply is a person's words; everything else is written by the system (RFC 3834).
        autoSubmitted: template === 'agent_reply' ? null : ('auto-generated' as const),
      })),
    });
  }

  /** The assignee, or every agent and admin when nobody is assigned (or the assignee left). */
  async function staffFor({ trx, ticket }: { trx: DbOrTrx; ticket: Ticket }): Promise<Recipient[]> {
    const repo = createNotificationsRepository({ db: trx });
    const assignee = ticket.assignee_id ? await repo.findRecipient({ userId: ticket.assignee_id }) : undefined;
    return assignee ? [assignee] : repo.listStaffRecipients();
  }

  /** The mails a new ticket causes: the customer's receipt (with the due) and the agents who want to hear of it. */
  async function writeTicketCreatedMails({ trx, ticket, message, actor }: { trx: DbOrTrx; ticket: Ticket; message: TicketMessage; actor: User }) {
    const repo = createNotificationsRepository({ db: trx });
    const customer = await repo.findRecipient({ userId: ticket.customer_id });
    if (!customer) return;
    const due = await findDueInfo({ trx, ticket, message, customer: customer.user });
    const thread = outbox.threadOfNew({ ticketId: ticket.id, first: message });
    await send({
      trx,
      recipients: [customer],
      what: 'ticketReceived',
      template: 'ticket_received',
      ticket,
      thread,
      dataFor: ({ user }) => ({
        name: user.name,
        ticket: ticketRef(ticket),
        link: links.customerTicket(ticket.id),
        due: formatDue({ info: due, reader: user }),
        prefsLink: links.preferences(),
      }),
    });
    await send({
      trx,
      recipients: (await repo.listStaffRecipients()).filter((agent) => agent.user.id !== actor.id),
      what: 'newTicket',
      template: 'agent_new_ticket',
      ticket,
      thread,
      dataFor: ({ user }) => ({
        name: user.name,
        ticket: ticketRef(ticket),
        customer: { name: customer.user.name, email: customer.user.email },
        message: quoteOf(message),
        link: links.agentTicket(ticket.id),
        due: formatDue({ info: due, reader: user }),
        prefsLink: links.preferences(),
      }),
    });
  }

  const notifier: TicketNotifier = {
    // A new ticket can mean a mail to every agent: rendering them is a job's work, not the request's.
    async onTicketCreated({ trx, ticket, message, actor }) {
      await jobs.enqueue({
        trx,
        name: TICKET_CREATED_JOB,
        payload: { ticketId: ticket.id, messageId: message.id, actorId: actor.id },
        uniqueKey: `${TICKET_CREATED_JOB}:${ticket.id}`,
        maxAttempts: 5,
      });
    },

    async onCustomerReply({ trx, ticket, message }) {
      if (!ticket.assignee_id) return; // unassigned tickets are in the unassigned queue, not anyone's mail
      const repo = createNotificationsRepository({ db: trx });
      const [assignee, customer] = [await repo.findRecipient({ userId: ticket.assignee_id }), await repo.findRecipient({ userId: ticket.customer_id })];
      if (!assignee || !customer) return;
      await send({
        trx,
        recipients: [assignee],
        what: 'customerReply',
        template: 'agent_customer_reply',
        ticket,
        dataFor: ({ user }) => ({
          name: user.name,
          ticket: ticketRef(ticket),
          customer: { name: customer.user.name, email: customer.user.email },
          message: quoteOf(message),
          link: links.agentTicket(ticket.id),
          prefsLink: links.preferences(),
        }),
      });
    },

    async onAgentReply({ trx, ticket, message, actor, isResolved, isDeclined = false }) {
      const customer = await createNotificationsRepository({ db: trx }).findRecipient({ userId: ticket.customer_id });
      if (!customer) return;
      await send({
        trx,
        recipients: [customer],
        what: 'agentReply',
        template: 'agent_reply',
        ticket,
        dataFor: ({ user }) => ({
          name: user.name,
          ticket: ticketRef(ticket),
          link: links.customerTicket(ticket.id),
          agentName: actor.name,
          reply: quoteOf(message),
          isResolved,
          isDeclined,
          ratingLink: links.rating(ticket.id),
          prefsLink: links.preferences(),
        }),
      });
    },

    async onResolved({ trx, ticket }) {
      const customer = await createNotificationsRepository({ db: trx }).findRecipient({ userId: ticket.customer_id });
      if (!customer) return;
      await send({
        trx,
        recipients: [customer],
        what: 'ticketResolved',
        template: 'ticket_resolved',
        ticket,
        dataFor: ({ user }) => ({
          name: user.name,
          ticket: ticketRef(ticket),
          link: links.customerTicket(ticket.id),
          ratingLink: links.rating(ticket.id),
          prefsLink: links.preferences(),
        }),
      });
    },
  };

  return {
    ...notifier,
    send,
    staffFor,
    writeTicketCreatedMails,

    /** A person's effective choices: the switches of their role (and, for staff, the kinds of new ticket). */
    async getPreferences({ user }: { user: User }) {
      const stored = await createNotificationsRepository({ db }).readPreferences({ userId: user.id });
      return resolvePreferences({ role: user.role, stored });
    },

    /** Changes some choices; a switch of the other role is refused. */
    async updatePreferences({ user, change }: { user: User; change: Parameters<typeof applyPreferenceChange>[0]['change'] }) {
      return db.transaction().execute(async (trx) => {
        const repo = createNotificationsRepository({ db: trx });
        const result = applyPreferenceChange({ role: user.role, stored: await repo.readPreferences({ userId: user.id }), change });
        if ('notApplicable' in result) throw notificationsErrors.notApplicable({ details: { keys: result.notApplicable } });
        await repo.writePreferences({ userId: user.id, stored: result.stored, at: clock.now() });
        return resolvePreferences({ role: user.role, stored: result.stored });
      });
    },
  };
}
