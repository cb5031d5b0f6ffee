import fs from 'node:fs/promises';
import { sql } from 'kysely';
import { classifyDatabaseFailure, type DatabaseFailure } from '../db/failures.js';
import type { Db } from '../db/database.js';

/** A write that found the disk full keeps /readyz failing this long (PostgreSQL's disk is not ours to measure). */
const FULL_REMEMBERED_MS = 15_000;

export interface Health {
  /** Called by the error path with every database failure it answered. */
  noteFailure(failure: DatabaseFailure): void;
  /** What /readyz reports: undefined when ready. */
  findProblem(): Promise<DatabaseFailure | undefined>;
}

/**
 * Readiness: the database answers, the data directory (SQLite file, attachments) has at least
 * `minFreeBytes` free, and no write found the disk full moments ago.
 */
export function createHealth({
  db,
  dataDir,
  minFreeBytes,
  databaseProblem,
  now = Date.now,
}: {
  db: Db;
  dataDir: string;
  minFreeBytes: number;
  /** Damage found by a check after start. */
  databaseProblem?: () => string | undefined;
  now?: () => number;
}): Health {
  let fullAt = -Infinity;
  return {
    noteFailure(failure) {
      if (failure === 'full') fullAt = now();
    },
    async findProblem() {
      if (databaseProblem?.()) return 'damaged';
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        return classifyDatabaseFailure(error) ?? 'unavailable';
      }
      if (now() - fullAt < FULL_REMEMBERED_MS) return 'full';
      if (minFreeBytes > 0) {
        const stats = await fs.statfs(dataDir).catch(() => undefined);
        if (stats && stats.bavail * stats.bsize < minFreeBytes) return 'full';
      }
      return undefined;
    },
  };
}
