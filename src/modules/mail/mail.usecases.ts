import type { Db, DialectName } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AttachmentsUsecases } from '../attachments/attachments.usecases.js';
import type { CalendarUsecases } from '../calendar/calendar.usecases.js';
import type { LicensesUsecases } from '../licenses/licenses.usecases.js';
import { createNotificationScans } from '../notifications/notifications.scans.js';
import type { Notifier } from '../notifications/notifications.usecases.js';
import type { Throttles } from '../throttles/throttles.usecases.js';
import type { TicketsUsecases } from '../tickets/tickets.usecases.js';
import { createMailDelivery } from './mail.delivery.js';
import { createMailboxPoller } from './mail.imap.js';
import { createMailInbound } from './mail.inbound.js';
import type { MailOutbox } from './mail.outbox.js';
import type { MailSettings } from './mail.settings.js';

export type Mailer = ReturnType<typeof createMailer>;

/** Mail as a channel: the outbox's sender, the mailboxes' reader, and the notices that time brings. */
export function createMailer(deps: {
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  settings: MailSettings;
  outbox: MailOutbox;
  notify: Notifier;
  calendar: CalendarUsecases;
  tickets: TicketsUsecases;
  licenses: LicensesUsecases;
  attachments: AttachmentsUsecases;
  throttles: Throttles;
}) {
  const { db, clock, logger, settings } = deps;
  const delivery = createMailDelivery({ db, dialect: deps.dialect, clock, logger, settings });
  const inbound = createMailInbound({
    db,
    clock,
    logger,
    settings,
    tickets: deps.tickets,
    licenses: deps.licenses,
    attachments: deps.attachments,
    outbox: deps.outbox,
    throttles: deps.throttles,
  });
  const poller = createMailboxPoller({ db, clock, logger, settings, inbound });
  const scans = createNotificationScans({ db, clock, logger, calendar: deps.calendar, notifier: deps.notify, settings });
  return { settings, delivery, inbound, poller, scans };
}
