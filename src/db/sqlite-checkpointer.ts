import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * WAL checkpoints, mostly on a worker thread.
 *
 * In WAL mode every commit appends pages to the -wal file; a checkpoint copies them back into the
 * database file and syncs it. By default SQLite does all of that inside whichever commit crosses
 * 1000 pages, on the event loop, where it took a quarter of a busy server's time.
 *
 * A long-running process (`serve`, `worker`) adds a thread with its own connection that runs a
 * PASSIVE checkpoint every `intervalMs`; it never blocks a writer. The main connection still
 * checkpoints by itself, less often (every ASSISTED_AUTOCHECKPOINT_PAGES): by then the thread has
 * copied nearly everything, so that checkpoint is short, and it is what lets the next write start
 * the WAL over from its beginning (under steady load the thread alone never catches up at that exact
 * moment, and the WAL would grow without end). Short commands keep SQLite's default.
 */
/** 16 MB of 4 KB pages. */
const ASSISTED_AUTOCHECKPOINT_PAGES = 4000;

export interface Checkpointer {
  stop(): Promise<void>;
}

// Plain JavaScript evaluated in the thread: it runs the same under tsx, vitest and the build.
const THREAD_SOURCE = `(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { default: Database } = await import(workerData.driverUrl);
  const db = new Database(workerData.file);
  db.pragma('cache_size = -256');
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      parentPort.postMessage({ error: String(error) });
    }
  }, workerData.intervalMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); }
    parentPort.close();
  });
})();`;

export function startCheckpointer({
  sqlite,
  file,
  intervalMs = 50,
  onError,
}: {
  sqlite: SQLite.Database;
  file: string;
  intervalMs?: number;
  onError?: (message: string) => void;
}): Checkpointer {
  const driverUrl = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  // A small heap: the thread only runs one pragma (it counts in the server's memory).
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { file, intervalMs, driverUrl },
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 4, stackSizeMb: 1 },
  });
  worker.unref();
  sqlite.pragma(`wal_autocheckpoint = ${ASSISTED_AUTOCHECKPOINT_PAGES}`);
  worker.on('message', (m: { error?: string }) => m.error && onError?.(m.error));
  // If the thread dies, the connection checkpoints by itself again.
  worker.on('error', (error) => {
    onError?.(String(error));
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  return {
    async stop() {
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      // Unref'd so it never holds a process open; while we wait for it, it must (or a process with
      // nothing else left, such as `serve` that could not listen, ends before the await settles).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
