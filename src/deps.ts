import type { Config } from './config/config.js';
import type { Db, DialectName } from './db/database.js';
import { createJobQueue, type JobQueue } from './jobs/jobs.queue.js';
import { createAccountsUsecases, type AccountsUsecases } from './modules/accounts/accounts.usecases.js';
import { createAuthUsecases, type AuthUsecases } from './modules/auth/auth.usecases.js';
import { createMailOutbox, type MailOutbox } from './modules/mail/mail.outbox.js';
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
  return {
    config,
    db,
    dialect,
    clock,
    logger,
    mail,
    auth,
    accounts,
    jobs: createJobQueue({ db, dialect, clock }),
    tokens: createTokensUsecases({ db, clock }),
  };
}
