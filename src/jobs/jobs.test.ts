import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDb, TEST_DIALECTS, type TestDb } from '../../test/db.js';
import { createManualClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import { computeBackoffMs, createJobQueue } from './jobs.queue.js';
import { createJobRunner } from './jobs.runner.js';
import { defineJob } from './jobs.types.js';

const silent = createLogger({ level: 'silent' });

describe.each(TEST_DIALECTS)('job queue on %s', (dialect) => {
  let handle: TestDb;
  let clock: ReturnType<typeof createManualClock>;
  beforeEach(async () => {
    handle = await createTestDb(dialect);
    clock = createManualClock(Date.parse('2026-11-27T10:00:00Z'));
  });
  afterEach(async () => {
    await handle.drop();
  });

  function makeQueue() {
    return createJobQueue({ db: handle.db, dialect, clock });
  }

  it("a job's database writes commit in the same transaction that marks it done", async () => {
    const queue = makeQueue();
    await queue.enqueue({ name: 'note', payload: { email: 'a@example.test' } });
    const job = defineJob({
      name: 'note',
      payload: z.object({ email: z.string() }),
      handle:
        async ({ payload }) =>
        async (trx) => {
          await trx.insertInto('sign_in_failures').values({ id: 'x1', key: payload.email, at: 1 }).execute();
        },
    });
    const runner = createJobRunner({ queue, definitions: [job], clock, logger: silent });
    expect(await runner.runDue()).toBe(1);
    const rows = await handle.db.selectFrom('sign_in_failures').selectAll().execute();
    expect(rows).toHaveLength(1);
    const stored = await handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(stored.status).toBe('done');
    expect(await runner.runDue()).toBe(0);
  });

  it('jobs interrupted by a database outage are handed back at once when it returns, the attempt not counted', async () => {
    const queue = makeQueue();
    await queue.enqueue({ name: 'outage' });
    await queue.enqueue({ name: 'outage' });
    let isDown = true;
    let ran = 0;
    const job = defineJob({
      name: 'outage',
      payload: z.object({}),
      handle: async () => {
        // What the pg driver throws while PostgreSQL restarts (the outage itself is in test/pg-restart.test.ts).
        if (isDown) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        ran++;
      },
    });
    const runner = createJobRunner({ queue, definitions: [job], clock, logger: silent });
    await expect(runner.runDue()).rejects.toThrow(/administrator command/);
    // Both stay leased to this runner (the second never started): without the hand-back they would wait out the lease.
    expect((await handle.db.selectFrom('jobs').select('status').execute()).map((j) => j.status)).toEqual(['running', 'running']);
    isDown = false;
    expect(await runner.runDue()).toBe(2);
    expect(ran).toBe(2);
    const jobs = await handle.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).execute();
    expect(jobs).toEqual([
      { status: 'done', attempts: 1, last_error: null },
      { status: 'done', attempts: 1, last_error: null },
    ]);
  });

  it('a write that fails rolls back and the job is retried later with backoff', async () => {
    const queue = makeQueue();
    await queue.enqueue({ name: 'flaky', maxAttempts: 2 });
    let calls = 0;
    const job = defineJob({
      name: 'flaky',
      payload: z.object({}),
      handle: async () => async (trx) => {
        calls++;
        await trx
          .insertInto('sign_in_failures')
          .values({ id: `y${calls}`, key: 'k', at: 1 })
          .execute();
        if (calls === 1) throw new Error('boom');
      },
    });
    const runner = createJobRunner({ queue, definitions: [job], clock, logger: silent });
    await runner.runDue();
    let stored = await handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, last_error: 'boom' });
    expect(stored.run_at).toBe(clock.now() + computeBackoffMs(1));
    expect(await handle.db.selectFrom('sign_in_failures').selectAll().execute()).toHaveLength(0);
    expect(await runner.runDue()).toBe(0); // not due yet
    clock.advance(computeBackoffMs(1));
    await runner.runDue();
    stored = await handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(stored.status).toBe('done');
    expect(await handle.db.selectFrom('sign_in_failures').selectAll().execute()).toHaveLength(1);
  });

  it('a job that keeps failing stops after its last attempt', async () => {
    const queue = makeQueue();
    await queue.enqueue({ name: 'broken', maxAttempts: 2 });
    const runner = createJobRunner({
      queue,
      definitions: [defineJob({ name: 'broken', payload: z.object({}), handle: async () => Promise.reject(new Error('always')) })],
      clock,
      logger: silent,
    });
    await runner.runDue();
    clock.advance(3600_000);
    await runner.runDue();
    const stored = await handle.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'failed', attempts: 2, last_error: 'always' });
  });

  it('a job leased by a process that died is taken over once its lease runs out', async () => {
    const queue = makeQueue();
    await queue.enqueue({ name: 'work' });
    const [leased] = await queue.claim({ workerId: 'dead-process', limit: 1, leaseMs: 60_000 });
    expect(leased).toBeDefined();
    expect(await queue.claim({ workerId: 'other', limit: 1, leaseMs: 60_000 })).toHaveLength(0);
    clock.advance(61_000);
    const [retaken] = await queue.claim({ workerId: 'other', limit: 1, leaseMs: 60_000 });
    expect(retaken?.attempts).toBe(2);
    // The dead process's late completion is refused: its lease is gone.
    expect(await queue.complete({ job: leased!, workerId: 'dead-process' })).toBe(false);
    expect(await queue.complete({ job: retaken!, workerId: 'other' })).toBe(true);
  });

  it('a unique key enqueues a job once', async () => {
    const queue = makeQueue();
    expect(await queue.enqueue({ name: 'once', uniqueKey: 'k1' })).toBeDefined();
    expect(await queue.enqueue({ name: 'once', uniqueKey: 'k1' })).toBeUndefined();
    expect(await handle.db.selectFrom('jobs').selectAll().execute()).toHaveLength(1);
  });

  it('scheduled jobs run once per period, whatever the number of runners', async () => {
    const queue = makeQueue();
    let runs = 0;
    const definitions = [defineJob({ name: 'tick', payload: z.object({}), handle: async () => void runs++ })];
    const a = createJobRunner({ queue, definitions, schedules: [{ name: 'tick', everyMs: 3600_000 }], clock, logger: silent });
    const b = createJobRunner({ queue, definitions, schedules: [{ name: 'tick', everyMs: 3600_000 }], clock, logger: silent });
    await a.runDue();
    await b.runDue();
    expect(runs).toBe(1);
    clock.advance(3600_000);
    await b.runDue();
    await a.runDue();
    expect(runs).toBe(2);
  });

  it('concurrent workers never run the same job twice', async () => {
    const queue = makeQueue();
    for (let i = 0; i < 40; i++) await queue.enqueue({ name: 'count', payload: { i } });
    const seen: number[] = [];
    const definitions = [
      defineJob({
        name: 'count',
        payload: z.object({ i: z.number() }),
        handle: async ({ payload }) => {
          seen.push(payload.i);
          await new Promise((r) => setTimeout(r, 1));
        },
      }),
    ];
    const runners = Array.from({ length: 4 }, () => createJobRunner({ queue, definitions, clock, logger: silent, batchSize: 3 }));
    await Promise.all(runners.map((r) => r.runDue()));
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
