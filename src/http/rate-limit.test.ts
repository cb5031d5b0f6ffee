import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/app.js';
import { TEST_DIALECTS } from '../../test/db.js';
import { createDeps } from '../deps.js';
import { buildApp } from './app.js';
import { createSharedRateLimitStore } from './rate-limit.store.js';

const LIMIT = 5;

describe.each(TEST_DIALECTS)('rate limits on %s', (dialect) => {
  let ctx: TestContext;
  let webDir: string;

  beforeAll(() => {
    // The web app's files as the server serves them: an index page and a fingerprinted script.
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
  });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  afterEach(async () => {
    await ctx?.close();
  });

  async function start(config: { rateLimitPerMinute?: number; trustProxy?: boolean } = {}) {
    ctx = await createTestContext({ dialect, webDir, config: { rateLimitPerMinute: LIMIT, ...config } });
    return ctx;
  }

  /** A signed-in person without spending the address's allowance on the sign-in itself. */
  async function sessionFor(role: 'agent' | 'customer') {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const { user } = await ctx.deps.accounts.createUser({ email, name: `Test ${role}`, role, password: TEST_PASSWORD });
    const { token, session } = await ctx.deps.auth.startSession({ user, ip: '127.0.0.1' });
    return { cookie: `sd_session=${token}`, 'x-csrf-token': session.csrf_token };
  }

  const me = (headers: Record<string, string>, remoteAddress = '10.0.0.1') => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers, remoteAddress });

  it('people behind one address each get their own allowance', async () => {
    await start();
    const alice = await sessionFor('agent');
    const bob = await sessionFor('agent');
    for (let i = 0; i < LIMIT; i++) expect((await me(alice)).statusCode).toBe(200);
    const refused = await me(alice);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ status: 429, code: 'request.rate_limited' });
    expect(String(refused.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await me(bob)).statusCode).toBe(200);
  });

  it("one person's sessions share an allowance; an API token has its own", async () => {
    await start();
    const first = await sessionFor('customer');
    const userId = (await me(first)).json().id as string;
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const { token } = await ctx.deps.auth.startSession({ user, ip: '127.0.0.1' });
    const second = { cookie: `sd_session=${token}` };
    for (let i = 1; i < LIMIT; i++) expect((await me(i % 2 ? second : first)).statusCode).toBe(200);
    expect((await me(second)).statusCode).toBe(429);
    const { secret } = await ctx.deps.tokens.createToken({ userId, name: 'shop', scopes: [] });
    expect((await me({ authorization: `Bearer ${secret}` })).statusCode).toBe(200);
  });

  it('anonymous requests are counted per address', async () => {
    await start();
    const anonymous = (remoteAddress: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress });
    for (let i = 0; i < LIMIT; i++) expect((await anonymous('10.0.0.7')).statusCode).toBe(401);
    expect((await anonymous('10.0.0.7')).statusCode).toBe(429);
    expect((await anonymous('10.0.0.8')).statusCode).toBe(401);
  });

  it('requests with a bad token are counted against the address', async () => {
    await start();
    const bad = { authorization: 'Bearer sdt_not-a-real-token' };
    for (let i = 0; i < LIMIT; i++) expect((await me(bad, '10.0.0.9')).statusCode).toBe(401);
    expect((await me(bad, '10.0.0.9')).statusCode).toBe(429);
  });

  it('one IPv6 /64 is one address', async () => {
    await start();
    const me6 = (remoteAddress: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress });
    for (let i = 0; i < LIMIT; i++) expect((await me6(`2001:db8:1:2::${i + 1}`)).statusCode).toBe(401);
    expect((await me6('2001:db8:1:2:ffff::9')).statusCode).toBe(429);
    expect((await me6('2001:db8:1:3::1')).statusCode).toBe(401);
  });

  it('the web app, its scripts and the health checks are never limited', async () => {
    await start();
    for (let i = 0; i < LIMIT * 3; i++) {
      expect((await ctx.app.inject({ method: 'GET', url: '/assets/app-1234.js' })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/agent?queue=due' })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    }
  });

  it('the allowance comes back in the next minute', async () => {
    await start();
    const alice = await sessionFor('agent');
    for (let i = 0; i < LIMIT; i++) await me(alice);
    expect((await me(alice)).statusCode).toBe(429);
    ctx.clock.advance(60_000);
    expect((await me(alice)).statusCode).toBe(200);
  });

  it('200 requests at once from one person: exactly the limit gets through', async () => {
    await start({ rateLimitPerMinute: 50 });
    const alice = await sessionFor('agent');
    const statuses = await Promise.all(Array.from({ length: 200 }, () => me(alice).then((r) => r.statusCode)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(150);
  });

  it('behind a trusted proxy the client address comes from X-Forwarded-For', async () => {
    await start({ trustProxy: true });
    const fromClient = (client: string) =>
      ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < LIMIT; i++) await fromClient('203.0.113.5');
    expect((await fromClient('203.0.113.5')).statusCode).toBe(429);
    expect((await fromClient('203.0.113.6')).statusCode).toBe(401);
  });
});

describe.skipIf(!TEST_DIALECTS.includes('postgres'))('rate limits shared by several processes on PostgreSQL', () => {
  let first: TestContext;
  let second: TestContext;
  afterEach(async () => {
    await second?.close();
    await first?.close();
  });

  it('two app processes on one database count one allowance between them', async () => {
    first = await createTestContext({ dialect: 'postgres' });
    const { config, db, dialect, clock, logger } = first.deps;
    // Two apps on one schema, as two nodes behind a load balancer; their stores flush when told to.
    const nodes = await Promise.all(
      [0, 1].map(async () => {
        const store = createSharedRateLimitStore({ db, clock, windowMs: 60_000, flushMs: 3_600_000 });
        const app = await buildApp(createDeps({ config: { ...config, rateLimitPerMinute: 10 }, db, dialect, clock, logger }), { rateLimitStore: store });
        return { app, store };
      }),
    );
    second = { ...first, close: async () => void (await Promise.all(nodes.map((n) => n.app.close()))) };
    const { user } = await first.deps.accounts.createUser({ email: 'shop@example.test', name: 'Shop', role: 'admin', password: TEST_PASSWORD });
    const { secret } = await first.deps.tokens.createToken({ userId: user.id, name: 'shop', scopes: [] });
    const call = (node: number) =>
      nodes[node]!.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } }).then((r) => r.statusCode);
    // One after the other, so each node's write sees the other's (in parallel, either may go first).
    const flushBoth = async () => {
      await nodes[1]!.store.flush();
      await nodes[0]!.store.flush();
    };

    for (let i = 0; i < 6; i++) expect(await call(0)).toBe(200);
    await flushBoth();
    expect(await call(1)).toBe(200); // the 7th request: writing it, the second node learns of the other 6
    await flushBoth();
    const onSecond = [];
    for (let i = 0; i < 5; i++) onSecond.push(await call(1));
    expect(onSecond).toEqual([200, 200, 200, 429, 429]);
    // The first node last heard a count of 6: it admits what arrives before its next write, then refuses.
    expect(await call(0)).toBe(200);
    await flushBoth();
    expect(await call(0)).toBe(429);
  });

  it('a key new to a process is written at once, without waiting for the timer', async () => {
    first = await createTestContext({ dialect: 'postgres' });
    const store = createSharedRateLimitStore({ db: first.deps.db, clock: first.clock, windowMs: 60_000, flushMs: 3_600_000 });
    store.incr('fresh');
    await expect
      .poll(async () => (await first.deps.db.selectFrom('rate_limit_counters').select('count').where('key', '=', 'fresh').executeTakeFirst())?.count)
      .toBe(1);
    await store.close();
  });

  it('a store whose database is unreachable keeps limiting alone and writes its counts later', async () => {
    first = await createTestContext({ dialect: 'postgres' });
    const errors: unknown[] = [];
    const store = createSharedRateLimitStore({ db: first.deps.db, clock: first.clock, windowMs: 60_000, flushMs: 60_000, onError: (e) => errors.push(e) });
    await first.deps.db.schema.alterTable('rate_limit_counters').renameTo('rate_limit_counters_away').execute();
    for (let i = 0; i < 3; i++) store.incr('k');
    await store.flush();
    expect(errors.length).toBeGreaterThan(0);
    expect(store.incr('k').count).toBe(4);
    await first.deps.db.schema.alterTable('rate_limit_counters_away').renameTo('rate_limit_counters').execute();
    await store.close();
    const row = await first.deps.db.selectFrom('rate_limit_counters').selectAll().where('key', '=', 'k').executeTakeFirstOrThrow();
    expect(row.count).toBe(4);
  });
});
