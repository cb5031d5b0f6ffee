import type { Config } from './config/config.js';
import type { Db, DialectName } from './db/database.js';
import { createJobQueue, type JobQueue } from './jobs/jobs.queue.js';
import { createPeopleAdmin, type PeopleAdmin } from './modules/accounts/accounts.admin.js';
import { createAccountsUsecases, type AccountsUsecases } from './modules/accounts/accounts.usecases.js';
import { createAuthUsecases, type AuthUsecases } from './modules/auth/auth.usecases.js';
import type { RecomputeWaitingReplyDue } from './modules/calendar/calendar.recompute.js';
import { createCalendarUsecases, type CalendarUsecases } from './modules/calendar/calendar.usecases.js';
import { createLicensesUsecases, type LicensesUsecases } from './modules/licenses/licenses.usecases.js';
import { createMailOutbox, type MailOutbox } from './modules/mail/mail.outbox.js';
import { createMailer, type Mailer } from './modules/mail/mail.usecases.js';
import { readMailSettings } from './modules/mail/mail.settings.js';
import { createNotifier, type Notifier } from './modules/notifications/notifications.usecases.js';
import { createTicketActions, type TicketActions } from './modules/tickets/tickets.actions.js';
import { createTicketEventBus, type TicketEventBus } from './modules/tickets/tickets.events.js';
import { createTicketsUsecases, type TicketsUsecases } from './modules/tickets/tickets.usecases.js';
import { createThrottles, type Throttles } from './modules/throttles/throttles.usecases.js';
import { createTwoFactorUsecases, type TwoFactorUsecases } from './modules/twofactor/twofactor.usecases.js';
import { createTokensUsecases, type TokensUsecases } from './modules/tokens/tokens.usecases.js';
import { createVaultUsecases, type VaultUsecases } from './modules/vault/vault.usecases.js';
import { createAttachmentsUsecases, type AttachmentsUsecases } from './modules/attachments/attachments.usecases.js';
import { createDatabaseStore, createDirectoryStore, type AttachmentStore } from './modules/attachments/attachments.store.js';
import { createCannedUsecases, type CannedUsecases } from './modules/canned/canned.usecases.js';
import { createAssignmentUsecases, createAutoAssignEnqueuer, type AssignmentUsecases } from './modules/tickets/tickets.assignment.js';
import { createWebhookDelivery, type WebhookSender } from './modules/webhooks/webhooks.delivery.js';
import { createWebhooksUsecases, type WebhooksUsecases } from './modules/webhooks/webhooks.usecases.js';
import { createSuggestionsUsecases, type SuggestionsUsecases } from './modules/suggestions/suggestions.usecases.js';
import { createSetupUsecases, type SetupUsecases } from './modules/setup/setup.usecases.js';
import { createHelpUsecases, type HelpUsecases } from './modules/help/help.usecases.js';
import { createHelpReading, type HelpReading } from './modules/help/help.reading.js';
import { createReportsUsecases, type ReportsUsecases } from './modules/reports/reports.usecases.js';
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
  /** Ticket notifications written in the changes' transactions, and notification preferences. */
  notify: Notifier;
  /** Mail settings, sending the outbox, reading the mailboxes, time-based notices (jobs `mail.*`). */
  mailer: Mailer;
  accounts: AccountsUsecases;
  /** The admin's people actions (invite, role, deactivate, reactivate), each audited. */
  people: PeopleAdmin;
  auth: AuthUsecases;
  tokens: TokensUsecases;
  licenses: LicensesUsecases;
  calendar: CalendarUsecases;
  /** Rewrites the reply-due times of waiting messages after a calendar or target change (job `calendar.recompute_due`). */
  recomputeWaitingReplyDue: RecomputeWaitingReplyDue;
  events: TicketEventBus;
  tickets: TicketsUsecases;
  ticketActions: TicketActions;
  attachments: AttachmentsUsecases;
  /** Attachment bytes: the data directory with SQLite, the database itself with PostgreSQL (every node serves every file). */
  attachmentStore: AttachmentStore;
  canned: CannedUsecases;
  /** Agent availability and round-robin assignment (job `tickets.auto_assign`). */
  assignment: AssignmentUsecases;
  /** The emergency access vault (R7); job `vault.sweep`. */
  vault: VaultUsecases;
  /** Damage a check found after start (a large SQLite file is checked in the background); the app then refuses requests. */
  databaseProblem?: () => string | undefined;
  /** Webhook subscriptions and their log; `webhookSender` sends (job `webhooks.deliver`). */
  webhooks: WebhooksUsecases;
  webhookSender: WebhookSender;
  /** The public suggestion and partnership form (`/suggest`); job `suggestions.purge`. */
  suggestions: SuggestionsUsecases;
  /** The first-run checklist and the calendar's holiday gaps (job `setup.check_holidays`). */
  setup: SetupUsecases;
  /** Atomic, database-backed throttles for sign-in, re-authentication and anonymous mail. */
  throttles: Throttles;
  /** Two-factor sign-in (TOTP and recovery codes) and the policy that requires it for staff. */
  twoFactor: TwoFactorUsecases;
  /** The help center: writing articles (`help`) and reading them, votes and deflection counts (`helpReading`). */
  help: HelpUsecases;
  helpReading: HelpReading;
  /** Reports from the stored facts of each message, and the "usually answered within" figure. */
  reports: ReportsUsecases;
}

export const PRODUCT_NAME = 'Supportdesk';

export function createDeps({
  config,
  db,
  dialect,
  clock,
  logger,
  announce,
}: Pick<AppDeps, 'config' | 'db' | 'dialect' | 'clock' | 'logger'> & {
  /** Prints a note for the person at the terminal (`serve`: links that would have been mailed). */
  announce?: (text: string) => void;
}): AppDeps {
  const mailSettings = readMailSettings({ config, productName: PRODUCT_NAME });
  const mail = createMailOutbox({ clock, logger, settings: mailSettings, announce });
  const throttles = createThrottles({ db, dialect, clock });
  const auth = createAuthUsecases({ db, clock, sessionDays: config.sessionDays, throttles });
  const twoFactor = createTwoFactorUsecases({ db, clock, throttles });
  const accounts = createAccountsUsecases({
    db,
    clock,
    logger,
    mail,
    publicUrl: config.publicUrl,
    defaultTimeZone: config.defaultTimeZone,
    throttles,
  });
  const jobs = createJobQueue({ db, dialect, clock });
  const notify = createNotifier({ db, clock, outbox: mail, settings: mailSettings, jobs });
  const calendar = createCalendarUsecases({ db, clock, jobs });
  const licenses = createLicensesUsecases({ db, clock, accounts, getSupportTimeZone: calendar.getSupportTimeZone });
  const events = createTicketEventBus();
  const enqueueAutoAssign = config.roundRobin ? createAutoAssignEnqueuer({ jobs }) : undefined;
  const tickets = createTicketsUsecases({ db, dialect, clock, licenses, calendar, events, enqueueAutoAssign, notify });
  const ticketActions = createTicketActions({ db, dialect, clock, licenses, calendar, events, tickets, notify });
  const directoryStore = createDirectoryStore({ dir: config.dataDir });
  const attachmentStore = dialect === 'postgres' ? createDatabaseStore({ db, legacy: directoryStore }) : directoryStore;
  const attachments = createAttachmentsUsecases({ db, clock, store: attachmentStore, maxBytes: config.attachmentMaxBytes });
  const canned = createCannedUsecases({ db, clock, tickets });
  const assignment = createAssignmentUsecases({ db, clock, ticketActions });
  const vault = createVaultUsecases({
    db,
    dialect,
    clock,
    logger,
    mail,
    events,
    publicUrl: config.publicUrl,
    dataDir: config.dataDir,
    vaultKey: config.vaultKey,
    vaultKeyFile: config.vaultKeyFile,
    retentionDays: config.vaultDays,
    throttles,
    twoFactor,
  });
  const mailer = createMailer({
    db,
    dialect,
    clock,
    logger,
    settings: mailSettings,
    outbox: mail,
    notify,
    calendar,
    tickets,
    licenses,
    attachments,
    throttles,
  });
  const webhooks = createWebhooksUsecases({ db, clock, logger });
  const webhookSender = createWebhookDelivery({ db, clock, logger, outbox: mail, publicUrl: config.publicUrl });
  const suggestions = createSuggestionsUsecases({ db, dialect, clock, logger, mail, accounts, tickets, publicUrl: config.publicUrl });
  const setup = createSetupUsecases({ db, clock, logger, calendar, mail, publicUrl: config.publicUrl });
  const help = createHelpUsecases({ db, dialect, clock });
  const helpReading = createHelpReading({ db, dialect, clock, onError: (err) => logger.warn({ err }, 'help view counts not written') });
  const people = createPeopleAdmin({
    db,
    dialect,
    clock,
    accounts,
    onTicketsChanged: (changed) => {
      for (const ticket of changed) tickets.publish(ticket, 'ticket.updated');
    },
  });
  return {
    help,
    helpReading,
    people,
    webhooks,
    webhookSender,
    notify,
    mailer,
    suggestions,
    setup,
    vault,
    attachments,
    attachmentStore,
    canned,
    assignment,
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
    throttles,
    twoFactor,
    reports: createReportsUsecases({ db, clock, calendar }),
  };
}
