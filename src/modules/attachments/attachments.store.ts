import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where attachment bytes live, addressed by their SHA-256: identical content is stored once. A
 * directory by default (shared storage when several processes serve one database); an
 * S3-compatible bucket can implement the same interface later.
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
