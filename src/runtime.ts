import fs from 'node:fs';
import path from 'node:path';
import { configSecrets, loadConfig, type Config } from './config/config.js';
import { chmodIfOwned, createDb, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startBackgroundCheck } from './db/sqlite-background-check.js';
import { markDataDirInUse, verifySqliteFile } from './db/sqlite-verify.js';
import { createDeps, type AppDeps } from './deps.js';
import { createClock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';

export interface Runtime {
  config: Config;
  deps: AppDeps;
  handle: DbHandle;
  close(): Promise<void>;
}

/** Opens the configured database, applies pending migrations and wires the dependencies. */
export async function openRuntime({
  config = loadConfig(),
  logger,
  longRunning = false,
  announce,
}: {
  config?: Config;
  logger?: Logger;
  /** Where notes for the person at the terminal go (see createDeps). */
  announce?: (text: string) => void;
  /** `serve` and `worker`: SQLite checkpoints on a thread of its own (see sqlite-checkpointer.ts). */
  longRunning?: boolean;
} = {}): Promise<Runtime> {
  const log = logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  // The data directory holds the database, attachments and the vault's keys: owner only.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodIfOwned(config.dataDir, 0o700);
  const sqlitePath = path.join(config.dataDir, 'supportdesk.sqlite');
  let isCheckDeferred = false;
  if (!config.databaseUrl) {
    // Before anything opens (and so creates) the file: a damaged or emptied database stops here.
    const verification = verifySqliteFile({ file: sqlitePath, dataDir: config.dataDir, check: config.sqliteCheck });
    if (verification.checkMs > 0) log.info({ checkMs: verification.checkMs, check: config.sqliteCheck }, 'SQLite database checked');
    isCheckDeferred = verification.isCheckDeferred;
  }
  const handle = createDb({
    databaseUrl: config.databaseUrl || undefined,
    sqlitePath,
    checkpointInBackground: longRunning,
    sqliteSynchronous: config.sqliteSynchronous,
    onConnectionError: (error) => log.warn({ err: error }, 'lost a PostgreSQL connection; the pool opens a new one when needed'),
    onBackgroundError: (message) => log.error({ err: message }, 'SQLite background checkpoint failed'),
  });
  let applied: string[];
  try {
    applied = await migrateToLatest({ db: handle.db });
  } catch (error) {
    await handle.close();
    throw error;
  }
  for (const line of applied) log.info(line);
  if (!config.databaseUrl) markDataDirInUse({ dataDir: config.dataDir, now: Date.now() });
  const deps = createDeps({ config, db: handle.db, dialect: handle.dialect, clock: createClock({ startAt: config.now }), logger: log, announce });
  const check =
    isCheckDeferred && longRunning && config.sqliteCheck !== 'off' ? startDeferredCheck({ file: sqlitePath, check: config.sqliteCheck, log }) : undefined;
  if (check) deps.databaseProblem = check.problem;
  return {
    config,
    deps,
    handle,
    close: async () => {
      await check?.stop();
      await handle.close();
    },
  };
}

function startDeferredCheck({ file, check, log }: { file: string; check: 'quick' | 'full'; log: Logger }) {
  log.info({ file }, 'SQLite database is large: checking it in the background while serving');
  return startBackgroundCheck({
    file,
    check,
    onDone: (problems, ms) => {
      if (problems.length === 0) log.info({ checkMs: ms }, 'SQLite database checked in the background: no damage');
      else
        log.fatal(
          { problems: problems.slice(0, 20), checkMs: ms },
          `The database ${file} is damaged; refusing requests. Restore it from a backup (docs/DEPLOY.md).`,
        );
    },
  });
}
