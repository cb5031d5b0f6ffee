import type { Db } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { computeDue, NoBusinessTimeError } from '../calendar/calendar.models.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import { createMailLinks } from '../mail/mail.links.js';
import type { MailSettings } from '../mail/mail.settings.js';
import { createTicketsRepository } from '../tickets/tickets.repository.js';
import { formatInstant, ticketRef } from './notifications.content.js';
import { createNotificationsRepository, type Recipient } from './notifications.repository.js';
import type { Notifier } from './notifications.usecases.js';

export type NotificationScans = ReturnType<typeof createNotificationScans>;

const BATCH = 500;

/**
 * The notices that come from the passing of time: "reply due soon" (a lead time in business hours
 * before the due) and "breached" to agents, once per waiting message, and the customer's reminder
 * on a ticket that waits for them, once per agent reply. Each notice is recorded in the same
 * transaction as its mails, so it goes exactly once.
 */
export function createNotificationScans({
  db,
  clock,
  logger,
  calendar,
  notifier,
  settings,
}: {
  db: Db;
  clock: Clock;
  logger: Logger;
  calendar: CalendarUsecases;
  notifier: Notifier;
  settings: MailSettings;
}) {
  const links = createMailLinks(settings.publicUrl);

  async function notifyAgents({ messageId, ticketId, dueAt, notice }: { messageId: string; ticketId: string; dueAt: number; notice: 'due_soon' | 'breached' }) {
    await db.transaction().execute(async (trx) => {
      const repo = createNotificationsRepository({ db: trx });
      if (!(await repo.claimNotice({ subjectId: messageId, notice, version: 0, at: clock.now() }))) return;
      const ticket = await createTicketsRepository({ db: trx }).findTicket({ id: ticketId });
      const customer = ticket && (await repo.findRecipient({ userId: ticket.customer_id }));
      if (!ticket || !customer) return;
      const recipients = await notifier.staffFor({ trx, ticket });
      const dataFor = ({ user }: Recipient) => ({
        name: user.name,
        ticket: ticketRef(ticket),
        customer: { name: customer.user.name, email: customer.user.email },
        link: links.agentTicket(ticket.id),
        dueAt: formatInstant({ at: dueAt, timeZone: user.time_zone, language: user.language }),
        prefsLink: links.preferences(),
      });
      if (notice === 'due_soon') await notifier.send({ trx, recipients, what: 'replyDueSoon', template: 'agent_reply_due_soon', ticket, dataFor });
      else await notifier.send({ trx, recipients, what: 'breached', template: 'agent_breached', ticket, dataFor });
    });
  }

  return {
    /** Agents hear of messages due within the lead time (business hours) and of those now overdue. */
    async scanReplyDue(): Promise<{ dueSoon: number; breached: number }> {
      const now = clock.now();
      const repo = createNotificationsRepository({ db });
      let dueSoon = 0;
      if (settings.replyDueSoonMs > 0) {
        // A message is due soon when less than the lead time of business time is left: its due
        // is before the instant the lead time of business time from now ends.
        let horizon: number | undefined;
        try {
          horizon = computeDue({ calendar: await calendar.getCompiledCalendar(), start: now, durationMs: settings.replyDueSoonMs });
        } catch (error) {
          if (!(error instanceof NoBusinessTimeError)) throw error;
        }
        if (horizon !== undefined) {
          for (const m of await repo.listWaitingDue({ after: now, before: horizon, notice: 'due_soon', limit: BATCH })) {
            await notifyAgents({ messageId: m.message_id, ticketId: m.ticket_id, dueAt: m.reply_due_at!, notice: 'due_soon' });
            dueSoon++;
          }
        }
      }
      let breached = 0;
      for (const m of await repo.listWaitingDue({ after: null, before: now - 1, notice: 'breached', limit: BATCH })) {
        await notifyAgents({ messageId: m.message_id, ticketId: m.ticket_id, dueAt: m.reply_due_at!, notice: 'breached' });
        breached++;
      }
      if (dueSoon + breached > 0) logger.info({ dueSoon, breached }, 'reply-due notices');
      return { dueSoon, breached };
    },

    /** Customers are reminded of a ticket that has waited for their answer longer than configured. */
    async scanPendingReminders(): Promise<{ reminded: number }> {
      if (settings.pendingReminderMs === 0) return { reminded: 0 };
      const candidates = await createNotificationsRepository({ db }).listPendingSince({ before: clock.now() - settings.pendingReminderMs, limit: BATCH });
      for (const c of candidates) {
        await db.transaction().execute(async (trx) => {
          const repo = createNotificationsRepository({ db: trx });
          if (!(await repo.claimNotice({ subjectId: c.ticket_id, notice: 'pending_reminder', version: c.last_agent_reply_at!, at: clock.now() }))) return;
          const ticket = await createTicketsRepository({ db: trx }).findTicket({ id: c.ticket_id });
          const customer = ticket && (await repo.findRecipient({ userId: ticket.customer_id }));
          if (!ticket || !customer) return;
          await notifier.send({
            trx,
            recipients: [customer],
            what: 'pendingReminder',
            template: 'pending_reminder',
            ticket,
            dataFor: ({ user }) => ({ name: user.name, ticket: ticketRef(ticket), link: links.customerTicket(ticket.id), prefsLink: links.preferences() }),
          });
        });
      }
      return { reminded: candidates.length };
    },
  };
}
