import path from 'node:path';
import { configSecrets, loadConfig, type Config } from './config/config.js';
import { createDb, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
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
}: {
  config?: Config;
  logger?: Logger;
  /** `serve` and `worker`: SQLite checkpoints on a thread of its own (see sqlite-checkpointer.ts). */
  longRunning?: boolean;
} = {}): Promise<Runtime> {
  const log = logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const sqlitePath = path.join(config.dataDir, 'supportdesk.sqlite');
  if (!config.databaseUrl) {
    // Before anything opens (and so creates) the file: a damaged or emptied database stops here.
    const { checkMs } = verifySqliteFile({ file: sqlitePath, dataDir: config.dataDir, check: config.sqliteCheck });
    if (checkMs > 0) log.info({ checkMs, check: config.sqliteCheck }, 'SQLite database checked');
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
  const deps = createDeps({ config, db: handle.db, dialect: handle.dialect, clock: createClock({ startAt: config.now }), logger: log });
  return { config, deps, handle, close: () => handle.close() };
}
