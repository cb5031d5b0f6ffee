import type { Config } from './config/config.js';
import type { Db, DialectName } from './db/database.js';
import { createJobQueue, type JobQueue } from './jobs/jobs.queue.js';
import { createAccountsUsecases, type AccountsUsecases } from './modules/accounts/accounts.usecases.js';
import { createAuthUsecases, type AuthUsecases } from './modules/auth/auth.usecases.js';
import type { RecomputeWaitingReplyDue } from './modules/calendar/calendar.recompute.js';
import { createCalendarUsecases, type CalendarUsecases } from './modules/calendar/calendar.usecases.js';
import { createLicensesUsecases, type LicensesUsecases } from './modules/licenses/licenses.usecases.js';
import { createMailOutbox, type MailOutbox } from './modules/mail/mail.outbox.js';
import { createTicketActions, type TicketActions } from './modules/tickets/tickets.actions.js';
import { createTicketEventBus, type TicketEventBus } from './modules/tickets/tickets.events.js';
import { createTicketsUsecases, type TicketsUsecases } from './modules/tickets/tickets.usecases.js';
import { createTokensUsecases, type TokensUsecases } from './modules/tokens/tokens.usecases.js';
import type { Clock } from './shared/clock.js';
import type { Logger } from './shared/logger.js';

/** Everything the doors (HTTP, jobs, CLI) need, built once and passed in explicitly. */
export interface AppDeps {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  jobs: JobQueue;
  mail: MailOutbox;
  accounts: AccountsUsecases;
  auth: AuthUsecases;
  tokens: TokensUsecases;
  licenses: LicensesUsecases;
  calendar: CalendarUsecases;
  /** Rewrites the reply-due times of waiting messages after a calendar or target change (job `calendar.recompute_due`). */
  recomputeWaitingReplyDue: RecomputeWaitingReplyDue;
  events: TicketEventBus;
  tickets: TicketsUsecases;
  ticketActions: TicketActions;
}

export const PRODUCT_NAME = 'Supportdesk';

export function createDeps({ config, db, dialect, clock, logger }: Pick<AppDeps, 'config' | 'db' | 'dialect' | 'clock' | 'logger'>): AppDeps {
  const mailDomain = new URL(config.publicUrl).hostname || 'supportdesk.local';
  const mail = createMailOutbox({ clock, logger, isMailConfigured: false, productName: PRODUCT_NAME, mailDomain });
  const auth = createAuthUsecases({ db, clock, sessionDays: config.sessionDays });
  const accounts = createAccountsUsecases({
    db,
    clock,
    mail,
    publicUrl: config.publicUrl,
    defaultTimeZone: config.defaultTimeZone,
    onPasswordChanged: async ({ userId }) => {
      await auth.signOutEverywhere({ userId });
    },
  });
  const jobs = createJobQueue({ db, dialect, clock });
  const calendar = createCalendarUsecases({ db, clock, jobs });
  const licenses = createLicensesUsecases({ db, clock, accounts, getSupportTimeZone: calendar.getSupportTimeZone });
  const events = createTicketEventBus();
  const tickets = createTicketsUsecases({ db, dialect, clock, licenses, calendar, events });
  const ticketActions = createTicketActions({ db, dialect, clock, licenses, calendar, events, tickets });
  return {
    events,
    tickets,
    ticketActions,
    licenses,
    config,
    db,
    dialect,
    clock,
    logger,
    mail,
    auth,
    accounts,
    jobs,
    calendar,
    recomputeWaitingReplyDue: ticketActions.recomputeWaitingReplyDue,
    tokens: createTokensUsecases({ db, clock }),
  };
}
