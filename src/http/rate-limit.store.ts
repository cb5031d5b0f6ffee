import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';

/**
 * Request counters for the rate limiter, in fixed windows aligned to the clock (every process
 * agrees where a minute starts). `incr` answers at once from memory; a request never waits for
 * the database.
 */
export interface RateLimitStore {
  /** Counts one request for `key`; returns the count in the current window and the ms until it ends. */
  incr(key: string): { count: number; resetInMs: number };
  /** Writes pending counts to the database (shared store only); called by its timer and by tests. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Counter {
  windowStart: number;
  /** Requests seen here and not yet written to the database. */
  pending: number;
  /** Requests being written to the database right now. */
  writing: number;
  /** The window's count across every process, as of the last flush of this key. */
  shared: number;
}

const MAX_KEYS = 50_000;

function createCounters({ clock, windowMs }: { clock: Clock; windowMs: number }) {
  const counters = new Map<string, Counter>();
  return {
    counters,
    incr(key: string) {
      const now = clock.now();
      const windowStart = now - (now % windowMs);
      let counter = counters.get(key);
      if (!counter || counter.windowStart !== windowStart) {
        counters.delete(key); // re-inserted last: the Map's order is least recently used first
        if (counters.size >= MAX_KEYS) counters.delete(counters.keys().next().value!);
        counter = { windowStart, pending: 0, writing: 0, shared: 0 };
      } else counters.delete(key);
      counters.set(key, counter);
      counter.pending++;
      return {
        count: counter.shared + counter.writing + counter.pending,
        resetInMs: windowStart + windowMs - now,
        isNew: counter.pending === 1 && counter.shared === 0 && counter.writing === 0,
      };
    },
  };
}

/** One process: the counts live in its memory (SQLite, where one process serves). */
export function createMemoryRateLimitStore({ clock, windowMs }: { clock: Clock; windowMs: number }): RateLimitStore {
  const { incr } = createCounters({ clock, windowMs });
  return { incr, flush: async () => undefined, close: async () => undefined };
}

/**
 * Several processes on one PostgreSQL: each counts in memory and adds its counts to a shared row
 * per key and window every `flushMs` (at once for a key it has not seen this window), learning the
 * others' counts in the same statement. A process so admits past the limit only what arrives before
 * its next write (at most `flushMs`, 250 ms by default); while the database is unreachable each
 * process goes on limiting alone.
 */
export function createSharedRateLimitStore({
  db,
  clock,
  windowMs,
  flushMs = 250,
  onError,
}: {
  db: Db;
  clock: Clock;
  windowMs: number;
  flushMs?: number;
  onError?: (error: unknown) => void;
}): RateLimitStore {
  const { counters, incr } = createCounters({ clock, windowMs });
  let lastSweep = 0;
  /** Writes run one after another; each writes everything pending when it starts. */
  let writes: Promise<void> = Promise.resolve();

  async function writePending(): Promise<void> {
    const batch = [...counters.entries()].filter(([, c]) => c.pending > 0).map(([key, c]) => ({ key, counter: c, added: c.pending }));
    if (batch.length === 0) return;
    for (const item of batch) {
      item.counter.pending -= item.added;
      item.counter.writing += item.added;
    }
    try {
      const result = await sql<{ key: string; window_start: number; count: number }>`
        insert into rate_limit_counters (key, window_start, count)
        select * from unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.counter.windowStart)}::bigint[], ${batch.map((b) => b.added)}::int[])
        on conflict (key, window_start) do update set count = rate_limit_counters.count + excluded.count
        returning key, window_start, count`.execute(db);
      const totals = new Map(result.rows.map((row) => [`${row.key}@${Number(row.window_start)}`, Number(row.count)]));
      for (const { key, counter, added } of batch) {
        counter.writing -= added;
        counter.shared = totals.get(`${key}@${counter.windowStart}`) ?? counter.shared + added;
      }
    } catch (error) {
      // Keep counting here; the counts are written with the next flush.
      for (const { counter, added } of batch) {
        counter.writing -= added;
        counter.pending += added;
      }
      onError?.(error);
    }
    const now = clock.now();
    if (now - lastSweep >= windowMs) {
      lastSweep = now;
      await sql`delete from rate_limit_counters where window_start < ${now - 2 * windowMs}`.execute(db);
    }
  }

  function flush(): Promise<void> {
    writes = writes.then(writePending).catch((error: unknown) => onError?.(error));
    return writes;
  }

  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();
  return {
    incr(key) {
      const result = incr(key);
      // A key new to this process: write it at once to learn what the other processes counted.
      if (result.isNew) setImmediate(() => void flush());
      return result;
    },
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
