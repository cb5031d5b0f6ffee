import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from './config/config.js';
import { chmodIfOwned, createDb, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
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
  const log = logger ?? createLogger({ level: config.logLevel });
  // The data directory holds the database, attachments and the vault's keys: owner only.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodIfOwned(config.dataDir, 0o700);
  const handle = createDb({
    databaseUrl: config.databaseUrl || undefined,
    sqlitePath: path.join(config.dataDir, 'supportdesk.sqlite'),
    checkpointInBackground: longRunning,
    onBackgroundError: (message) => log.error({ err: message }, 'SQLite background checkpoint failed'),
  });
  const applied = await migrateToLatest({ db: handle.db });
  for (const line of applied) log.info(line);
  const deps = createDeps({ config, db: handle.db, dialect: handle.dialect, clock: createClock({ startAt: config.now }), logger: log });
  return { config, deps, handle, close: () => handle.close() };
}
