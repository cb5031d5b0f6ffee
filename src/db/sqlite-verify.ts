import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { StartupError } from '../shared/errors.js';

/** Written into the data directory once it holds a migrated database: from then on it is not new. */
export const DATA_DIR_MARKER = 'supportdesk.datadir';
/** What else in a data directory shows it has been used (installs from before the marker). */
const SIGNS_OF_USE = ['vault.key', 'attachments'];

export type SqliteCheck = 'quick' | 'full' | 'off';

/**
 * Larger files are checked on a thread after start instead (sqlite-background-check.ts): quick_check
 * reads every page, about 70 s for a million tickets (4.7 GB) on a busy 2-core machine.
 */
export const CHECK_BEFORE_START_MAX_BYTES = 1024 * 1024 * 1024;

export interface SqliteVerification {
  /** True when the data directory is new and the database is about to be created. */
  isFreshInstall: boolean;
  /** How long the check took (ms), for the start-up log. */
  checkMs: number;
  /** The file was too large to check before start: check it in the background. */
  isCheckDeferred: boolean;
}

function hasBeenUsed(dataDir: string): string | undefined {
  for (const name of [DATA_DIR_MARKER, ...SIGNS_OF_USE]) if (fs.existsSync(path.join(dataDir, name))) return name;
  return undefined;
}

const HOW_TO_RESTORE = 'Restore it from a backup (docs/DEPLOY.md, "Backups")';

/**
 * Refuses to start on a SQLite file that is damaged, or missing or emptied where a database used to
 * be. A data directory is new when it holds no marker (and nothing else of ours): only then does a
 * missing or zero-length file become a fresh install. `check` runs SQLite's `quick_check` (pages,
 * records, index order), `full` its `integrity_check` (also every index against its table: slower),
 * `off` neither; a file past `maxBytesBeforeStart` only has its schema read here and is checked in
 * the background once serving (`isCheckDeferred`).
 */
export function verifySqliteFile({
  file,
  dataDir,
  check,
  maxBytesBeforeStart = CHECK_BEFORE_START_MAX_BYTES,
}: {
  file: string;
  dataDir: string;
  check: SqliteCheck;
  maxBytesBeforeStart?: number;
}): SqliteVerification {
  const usedBy = hasBeenUsed(dataDir);
  const size = fs.existsSync(file) ? fs.statSync(file).size : undefined;
  const hasWal = fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0;
  if ((size === undefined || size === 0) && !hasWal) {
    if (usedBy) {
      throw new StartupError(
        `The database ${file} is ${size === undefined ? 'missing' : 'empty (0 bytes)'}, but ${dataDir} has held a Supportdesk database (it has ${usedBy}). ` +
          `${HOW_TO_RESTORE}, or set SUPPORTDESK_DATA_DIR to a new, empty directory for a fresh install.`,
      );
    }
    return { isFreshInstall: true, checkMs: 0, isCheckDeferred: false };
  }
  const started = performance.now();
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(file, { fileMustExist: true });
    const tables = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'kysely_migration'").get() as { n: number };
    if (tables.n === 0 && usedBy) {
      throw new StartupError(
        `The database ${file} holds no Supportdesk data, but ${dataDir} has held a Supportdesk database (it has ${usedBy}). ` +
          `${HOW_TO_RESTORE}, or set SUPPORTDESK_DATA_DIR to a new, empty directory for a fresh install.`,
      );
    }
    const isCheckDeferred = check !== 'off' && (size ?? 0) > maxBytesBeforeStart;
    if (check !== 'off' && !isCheckDeferred) {
      const rows = sqlite.pragma(check === 'full' ? 'integrity_check(20)' : 'quick_check(20)') as Array<Record<string, string>>;
      // One line per problem ("*** in database main ***" headers dropped): the message stays one line.
      const problems = rows
        .flatMap((row) => String(Object.values(row)[0]).split('\n'))
        .map((line) => line.trim())
        .filter((line) => line && line !== 'ok' && !line.startsWith('***'));
      if (problems.length > 0) {
        throw new StartupError(
          `The database ${file} is damaged (${check === 'full' ? 'integrity_check' : 'quick_check'}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}). ` +
            `${HOW_TO_RESTORE}; the server does not start on a damaged database.`,
        );
      }
    }
    return { isFreshInstall: tables.n === 0, checkMs: Math.round(performance.now() - started), isCheckDeferred };
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB') throw new StartupError(`${file} is not a SQLite database (or its first page is damaged). ${HOW_TO_RESTORE}.`);
    if (code.startsWith('SQLITE_CORRUPT'))
      throw new StartupError(
        `The database ${file} is damaged (${(error as Error).message}). ${HOW_TO_RESTORE}; the server does not start on a damaged database.`,
      );
    throw error;
  } finally {
    sqlite?.close();
  }
}

/** Marks the data directory as holding a database (after the first migration); idempotent. */
export function markDataDirInUse({ dataDir, now }: { dataDir: string; now: number }): void {
  const marker = path.join(dataDir, DATA_DIR_MARKER);
  if (fs.existsSync(marker)) return;
  const text = `${JSON.stringify({ createdAt: new Date(now).toISOString(), database: 'supportdesk.sqlite' })}\n`;
  // Written whole or not at all, and flushed: the marker is what later refuses an emptied database.
  const temp = `${marker}.${process.pid}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o644);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, marker);
}
