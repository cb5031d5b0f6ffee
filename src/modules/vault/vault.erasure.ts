import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { createId } from '../../shared/ids.js';
import { KEY_BYTES } from './vault.crypto.js';

/**
 * Erasure keys: one small random key per sealed secret, kept in files under the data directory and
 * never in the database. A secret opens only with its erasure key (vault.crypto.ts, version 2), so
 * deleting the file destroys the secret in every copy of the database made afterwards: table
 * files, WAL, dumps, replicas. PostgreSQL keeps deleted rows in its files and WAL for a while;
 * with this, those leftovers are undecryptable noise.
 *
 * With PostgreSQL (several nodes) the keys live in an UNLOGGED table instead (createDatabaseErasureStore):
 * every node reaches them, yet they never enter the WAL.
 */
export interface ErasureStore {
  /** Where key files are (the file store; the database store's fallback for keys made before it). */
  dir: string;
  /** Makes a new erasure key for a secret about to be sealed; durable before it returns. */
  create(args: { requestId: string }): Promise<{ keyId: string; key: Buffer }>;
  /** The erasure key, or undefined once it has been destroyed (or was never here). */
  read(args: { requestId: string; keyId: string }): Promise<Buffer | undefined>;
  /** Destroys an erasure key for good. */
  destroy(args: { requestId: string; keyId: string }): Promise<void>;
  /** Every erasure key with its age in ms (by the operating system's clock), for the orphan sweep. */
  list(): Promise<{ requestId: string; keyId: string; ageMs: number }[]>;
}

export const ERASURE_DIR = 'vault-erasure';
const NAME = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.key$/;

/** Erasure keys as files under `<dataDir>/vault-erasure/` (SQLite: one machine). */
export function createErasureStore({ dataDir }: { dataDir: string }): ErasureStore {
  const dir = path.join(dataDir, ERASURE_DIR);
  const fileOf = (requestId: string, keyId: string) => {
    if (!NAME.test(`${requestId}.${keyId}.key`)) throw new Error('malformed erasure key name');
    return path.join(dir, `${requestId}.${keyId}.key`);
  };

  function syncDir(): void {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  return {
    dir,

    /** Makes a new erasure key for a secret about to be sealed; durable on disk before it returns. */
    async create({ requestId }) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const keyId = createId();
      const key = randomBytes(KEY_BYTES);
      const target = fileOf(requestId, keyId);
      const temp = `${target}.tmp`;
      const fd = fs.openSync(temp, 'wx', 0o600);
      try {
        fs.writeSync(fd, key);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, target);
      syncDir();
      return { keyId, key };
    },

    /** The erasure key, or undefined once it has been destroyed (or was never here). */
    async read({ requestId, keyId }) {
      try {
        const key = fs.readFileSync(fileOf(requestId, keyId));
        return key.length === KEY_BYTES ? key : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },

    /**
     * Destroys an erasure key: its bytes are overwritten and synced, then the file is removed.
     * (On copy-on-write or flash storage the old blocks may linger on the device; what matters is
     * that they were never in the database and no copy of it can be opened again.)
     */
    async destroy({ requestId, keyId }) {
      const file = fileOf(requestId, keyId);
      let fd: number | undefined;
      try {
        fd = fs.openSync(file, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (fd !== undefined) {
        try {
          fs.writeSync(fd, Buffer.alloc(KEY_BYTES), 0, KEY_BYTES, 0);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.tmp`, { force: true });
      if (fs.existsSync(dir)) syncDir();
    },

    /**
     * Every erasure key on disk (half-written ones too) with its age in ms, for the sweep that
     * removes keys no secret uses. The age is the file system's own: the file was stamped by the
     * operating system's clock, so it is measured with that clock, not the application's.
     */
    async list() {
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const found: { requestId: string; keyId: string; ageMs: number }[] = [];
      for (const name of names) {
        const match = NAME.exec(name.replace(/\.tmp$/, ''));
        if (!match) continue;
        try {
          found.push({ requestId: match[1]!, keyId: match[2]!, ageMs: Date.now() - fs.statSync(path.join(dir, name)).mtimeMs });
        } catch {
          // Removed by another process meanwhile.
        }
      }
      return found;
    },
  };
}

/**
 * Erasure keys in PostgreSQL, reachable from every node: the UNLOGGED table vault_erasure_keys
 * (migration 0050). Unlogged rows are never written to the WAL, so no WAL segment, archive,
 * streaming replica or base backup holds a key; a destroyed key's row is deleted and the table
 * rewritten at once (VACUUM FULL: the old table file is truncated), so no table file keeps it
 * either. What this gives up: a PostgreSQL crash (not a clean restart) or a failover to a replica
 * empties the table, and the secrets live then no longer open (`vault.erasure_key_missing`; the
 * customer gives them again); a pg_dump taken while a secret is live holds its key unless made
 * with `--no-unlogged-table-data`. Keys made as files before the move are still read from `legacy`.
 */
export function createDatabaseErasureStore({ db, legacy }: { db: Db; legacy: ErasureStore }): ErasureStore {
  let compacting: Promise<void> | undefined;
  let again = false;

  /** Rewrites the table so deleted keys leave its file; concurrent destructions share one rewrite after them. */
  async function compact(): Promise<void> {
    if (compacting) {
      again = true;
      return compacting;
    }
    compacting = (async () => {
      try {
        do {
          again = false;
          await sql`vacuum full vault_erasure_keys`.execute(db);
        } while (again);
      } finally {
        compacting = undefined;
      }
    })();
    return compacting;
  }

  return {
    dir: legacy.dir,

    async create({ requestId }) {
      const keyId = createId();
      const key = randomBytes(KEY_BYTES);
      await db.insertInto('vault_erasure_keys').values({ key_id: keyId, request_id: requestId, key, created_at: Date.now() }).execute();
      return { keyId, key };
    },

    async read({ requestId, keyId }) {
      const row = await db.selectFrom('vault_erasure_keys').select('key').where('key_id', '=', keyId).where('request_id', '=', requestId).executeTakeFirst();
      if (row) return row.key.length === KEY_BYTES ? row.key : undefined;
      return legacy.read({ requestId, keyId });
    },

    async destroy({ requestId, keyId }) {
      const deleted = await db.deleteFrom('vault_erasure_keys').where('key_id', '=', keyId).where('request_id', '=', requestId).executeTakeFirst();
      if (Number(deleted.numDeletedRows) > 0) await compact();
      await legacy.destroy({ requestId, keyId });
    },

    async list() {
      const rows = await db.selectFrom('vault_erasure_keys').select(['request_id', 'key_id', 'created_at']).execute();
      const now = Date.now();
      return [...rows.map((r) => ({ requestId: r.request_id, keyId: r.key_id, ageMs: now - Number(r.created_at) })), ...(await legacy.list())];
    },
  };
}
