import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';

/**
 * Where attachment bytes live, addressed by their SHA-256: identical content is stored once. A
 * directory with SQLite; the database itself with PostgreSQL, so every node serves every file
 * (createDatabaseStore). An S3-compatible bucket can implement the same interface later.
 */
export interface AttachmentStore {
  /**
   * Stores everything `content` yields. If `content` throws (too large, a refused type), nothing
   * is kept. `storedAt` (the injected clock's now) is what `list()` reports, so a purge can spare
   * fresh content whose row is still being written; storing existing content again renews it.
   */
  put(args: { content: AsyncIterable<Uint8Array>; storedAt: number }): Promise<{ sha256: string; size: number }>;
  /** The stored bytes, or undefined when there are none. */
  get(args: { sha256: string }): Promise<{ stream: Readable; size: number } | undefined>;
  exists(args: { sha256: string }): Promise<boolean>;
  delete(args: { sha256: string }): Promise<void>;
  /** Every stored content, optionally only those whose hash starts with `prefix` (hex). */
  list(args?: { prefix?: string }): AsyncIterable<{ sha256: string; storedAt: number }>;
  /** Removes leftovers of uploads that never finished (a crash mid-write), begun before `before`. */
  cleanTemporary(args: { before: number }): Promise<number>;
}

const SHA256 = /^[0-9a-f]{64}$/;
const HEX2 = /^[0-9a-f]{2}$/;

function assertHash(sha256: string): void {
  // The hash becomes a path: anything but 64 hex digits could walk out of the directory.
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** A content-addressed store under `<dir>/attachments/ab/cd/<sha256>`; writes go to a temporary file, then are renamed into place. */
export function createDirectoryStore({ dir }: { dir: string }): AttachmentStore {
  const root = path.join(dir, 'attachments');
  const tmpDir = path.join(root, 'tmp');

  function pathOf(sha256: string): string {
    assertHash(sha256);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async function readDir(at: string): Promise<string[]> {
    try {
      return (await fsp.readdir(at)).sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }

  return {
    async put({ content, storedAt }) {
      await fsp.mkdir(tmpDir, { recursive: true, mode: 0o700 });
      // The start time is in the name: a leftover's own mtime follows the machine's clock, not ours.
      const tmpPath = path.join(tmpDir, `${storedAt}-${randomUUID()}`);
      const hash = createHash('sha256');
      let size = 0;
      const handle = await fsp.open(tmpPath, 'wx', 0o600);
      try {
        try {
          for await (const chunk of content) {
            hash.update(chunk);
            size += chunk.length;
            await handle.write(chunk);
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        const sha256 = hash.digest('hex');
        const finalPath = pathOf(sha256);
        await fsp.mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
        // Same name, same bytes: renaming over an existing copy is atomic and keeps one file.
        await fsp.rename(tmpPath, finalPath);
        const at = new Date(storedAt);
        await fsp.utimes(finalPath, at, at);
        return { sha256, size };
      } catch (error) {
        await fsp.rm(tmpPath, { force: true });
        throw error;
      }
    },

    async get({ sha256 }) {
      const file = pathOf(sha256);
      try {
        const stat = await fsp.stat(file);
        return { stream: fs.createReadStream(file), size: stat.size };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async exists({ sha256 }) {
      try {
        await fsp.access(pathOf(sha256));
        return true;
      } catch {
        return false;
      }
    },

    async delete({ sha256 }) {
      await fsp.rm(pathOf(sha256), { force: true });
    },

    async *list({ prefix = '' } = {}) {
      for (const a of await readDir(root)) {
        if (!HEX2.test(a) || !(a.startsWith(prefix) || prefix.startsWith(a))) continue;
        for (const b of await readDir(path.join(root, a))) {
          if (!HEX2.test(b)) continue;
          for (const name of await readDir(path.join(root, a, b))) {
            if (!SHA256.test(name) || !name.startsWith(prefix)) continue;
            try {
              const stat = await fsp.stat(path.join(root, a, b, name));
              yield { sha256: name, storedAt: stat.mtimeMs };
            } catch (error) {
              if (!isMissing(error)) throw error; // deleted meanwhile
            }
          }
        }
      }
    },

    async cleanTemporary({ before }) {
      let removed = 0;
      for (const name of await readDir(tmpDir)) {
        const startedAt = Number(name.split('-')[0]);
        if (Number.isFinite(startedAt) && startedAt < before) {
          await fsp.rm(path.join(tmpDir, name), { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

/** Bytes per stored chunk: large enough for few rows, small enough to stream without holding a file in memory. */
export const CHUNK_BYTES = 256 * 1024;
const TMP_PREFIX = 'tmp:';

/**
 * A content-addressed store in PostgreSQL (tables attachment_blobs and attachment_blob_chunks),
 * so every node of a deployment reads what any node stored. An upload's chunks are written under
 * a temporary key as they arrive (no file is ever held in memory whole) and are renamed to the
 * content's hash in one transaction at the end; a crash leaves only temporary chunks, which
 * `cleanTemporary` removes. `legacy` (the directory store) still serves files stored before the
 * deployment moved to PostgreSQL.
 */
export function createDatabaseStore({ db, legacy }: { db: Db; legacy?: AttachmentStore }): AttachmentStore {
  async function* chunked(content: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    let parts: Buffer[] = [];
    let length = 0;
    for await (const chunk of content) {
      let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      while (length + rest.length >= CHUNK_BYTES) {
        const take = CHUNK_BYTES - length;
        parts.push(rest.subarray(0, take));
        yield Buffer.concat(parts);
        parts = [];
        length = 0;
        rest = rest.subarray(take);
      }
      if (rest.length > 0) {
        parts.push(Buffer.from(rest)); // a copy: the source may reuse its buffer
        length += rest.length;
      }
    }
    if (length > 0) yield Buffer.concat(parts);
  }

  async function readChunks(blob: string): Promise<AsyncGenerator<Buffer>> {
    return (async function* () {
      // A few chunks per round trip, in order, by key range: memory stays bounded for any size.
      let next = 0;
      for (;;) {
        const rows = await db
          .selectFrom('attachment_blob_chunks')
          .select(['seq', 'data'])
          .where('blob', '=', blob)
          .where('seq', '>=', next)
          .orderBy('seq')
          .limit(8)
          .execute();
        for (const row of rows) yield row.data;
        if (rows.length < 8) return;
        next = rows[rows.length - 1]!.seq + 1;
      }
    })();
  }

  return {
    async put({ content, storedAt }) {
      const temporary = `${TMP_PREFIX}${storedAt}:${randomUUID()}`;
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      try {
        for await (const data of chunked(content)) {
          hash.update(data);
          size += data.length;
          await db.insertInto('attachment_blob_chunks').values({ blob: temporary, seq, data }).execute();
          seq++;
        }
        const sha256 = hash.digest('hex');
        await db.transaction().execute(async (trx) => {
          // Two uploads of the same content at once: the second waits for the first's commit, then keeps the first's chunks.
          const inserted = await trx
            .insertInto('attachment_blobs')
            .values({ sha256, size, stored_at: storedAt })
            .onConflict((oc) => oc.column('sha256').doNothing())
            .returning('sha256')
            .executeTakeFirst();
          if (inserted) {
            await trx.updateTable('attachment_blob_chunks').set({ blob: sha256 }).where('blob', '=', temporary).execute();
          } else {
            await trx.updateTable('attachment_blobs').set({ stored_at: storedAt }).where('sha256', '=', sha256).where('stored_at', '<', storedAt).execute();
            await trx.deleteFrom('attachment_blob_chunks').where('blob', '=', temporary).execute();
          }
        });
        return { sha256, size };
      } catch (error) {
        await db
          .deleteFrom('attachment_blob_chunks')
          .where('blob', '=', temporary)
          .execute()
          .catch(() => undefined); // the database may be the failure; cleanTemporary removes them later
        throw error;
      }
    },

    async get({ sha256 }) {
      assertHash(sha256);
      const row = await db.selectFrom('attachment_blobs').select('size').where('sha256', '=', sha256).executeTakeFirst();
      if (!row) return legacy ? legacy.get({ sha256 }) : undefined;
      return { stream: Readable.from(await readChunks(sha256), { objectMode: false }), size: Number(row.size) };
    },

    async exists({ sha256 }) {
      assertHash(sha256);
      const row = await db.selectFrom('attachment_blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
      return row !== undefined || (legacy ? legacy.exists({ sha256 }) : false);
    },

    async delete({ sha256 }) {
      assertHash(sha256);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('attachment_blobs').where('sha256', '=', sha256).execute();
        await trx.deleteFrom('attachment_blob_chunks').where('blob', '=', sha256).execute();
      });
      if (legacy) await legacy.delete({ sha256 });
    },

    async *list({ prefix = '' } = {}) {
      if (!/^[0-9a-f]*$/.test(prefix)) throw new Error('not a hex prefix');
      let after = '';
      for (;;) {
        let q = db.selectFrom('attachment_blobs').select(['sha256', 'stored_at']).where('sha256', '>', after).orderBy('sha256').limit(500);
        if (prefix) q = q.where('sha256', 'like', `${prefix}%`);
        const rows = await q.execute();
        for (const row of rows) yield { sha256: row.sha256, storedAt: Number(row.stored_at) };
        if (rows.length < 500) break;
        after = rows[rows.length - 1]!.sha256;
      }
      if (legacy) yield* legacy.list({ prefix });
    },

    async cleanTemporary({ before }) {
      const rows = await db.selectFrom('attachment_blob_chunks').select('blob').distinct().where('blob', 'like', `${TMP_PREFIX}%`).execute();
      let removed = 0;
      for (const { blob } of rows) {
        const startedAt = Number(blob.slice(TMP_PREFIX.length).split(':')[0]);
        if (Number.isFinite(startedAt) && startedAt < before) {
          await db.deleteFrom('attachment_blob_chunks').where('blob', '=', blob).execute();
          removed++;
        }
      }
      return removed + (legacy ? await legacy.cleanTemporary({ before }) : 0);
    },
  };
}
