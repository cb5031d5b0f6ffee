import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createId } from '../../shared/ids.js';
import { KEY_BYTES } from './vault.crypto.js';

/**
 * Erasure keys: one small random key per sealed secret, kept in files under the data directory and
 * never in the database. A secret opens only with its erasure key (vault.crypto.ts, version 2), so
 * deleting the file destroys the secret in every copy of the database made afterwards: table
 * files, WAL, dumps, replicas. PostgreSQL keeps deleted rows in its files and WAL for a while;
 * with this, those leftovers are undecryptable noise.
 *
 * With several processes the data directory is shared storage (as for attachments), so every
 * process finds the key and a deletion by one is a deletion for all.
 */
export type ErasureStore = ReturnType<typeof createErasureStore>;

export const ERASURE_DIR = 'vault-erasure';
const NAME = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.key$/;

export function createErasureStore({ dataDir }: { dataDir: string }) {
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
    create({ requestId }: { requestId: string }): { keyId: string; key: Buffer } {
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
    read({ requestId, keyId }: { requestId: string; keyId: string }): Buffer | undefined {
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
    destroy({ requestId, keyId }: { requestId: string; keyId: string }): void {
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
      syncDir();
    },

    /**
     * Every erasure key on disk (half-written ones too) with its age in ms, for the sweep that
     * removes keys no secret uses. The age is the file system's own: the file was stamped by the
     * operating system's clock, so it is measured with that clock, not the application's.
     */
    list(): { requestId: string; keyId: string; ageMs: number }[] {
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
