import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface BackgroundCheck {
  /** The damage found, once the check has finished and found some; undefined until then or if none. */
  problem(): string | undefined;
  /** Resolves when the check has finished (or stopped). */
  done: Promise<void>;
  stop(): Promise<void>;
}

// Plain JavaScript evaluated in the thread (as in sqlite-checkpointer.ts): its own read-only connection.
const THREAD_SOURCE = `(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { default: Database } = await import(workerData.driverUrl);
  let db;
  try {
    db = new Database(workerData.file, { readonly: true, fileMustExist: true });
    const rows = db.pragma(workerData.pragma);
    const lines = rows.flatMap((row) => String(Object.values(row)[0]).split('\\n')).map((l) => l.trim()).filter((l) => l && l !== 'ok' && !l.startsWith('***'));
    parentPort.postMessage({ problems: lines });
  } catch (error) {
    parentPort.postMessage({ problems: [String(error && error.message || error)], code: error && error.code });
  } finally {
    db?.close();
  }
})();`;

/**
 * Runs `quick_check` (or `integrity_check`) on a thread of its own, for a database too large to
 * check before start-up (minutes at millions of tickets): the server serves meanwhile, and if the
 * check finds damage, `problem()` says so from then on (the app then refuses requests, see app.ts).
 */
export function startBackgroundCheck({
  file,
  check,
  onDone,
}: {
  file: string;
  check: 'quick' | 'full';
  onDone: (problems: string[], ms: number) => void;
}): BackgroundCheck {
  const driverUrl = pathToFileURL(createRequire(import.meta.url).resolve('better-sqlite3')).href;
  const started = performance.now();
  let found: string | undefined;
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { file, driverUrl, pragma: check === 'full' ? 'integrity_check(20)' : 'quick_check(20)' },
  });
  worker.unref();
  const done = new Promise<void>((resolve) => {
    worker.on('message', (m: { problems: string[] }) => {
      if (m.problems.length > 0) found = m.problems.slice(0, 3).join('; ');
      onDone(m.problems, Math.round(performance.now() - started));
    });
    worker.on('error', (error) => {
      onDone([`the check could not run: ${String(error)}`], Math.round(performance.now() - started));
    });
    worker.on('exit', () => resolve());
  });
  return {
    problem: () => found,
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
