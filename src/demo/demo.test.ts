import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/app.js';
import { TEST_DIALECTS } from '../../test/db.js';
import { DEMO_PASSWORD, loadDemoData } from './demo.js';

const DAY = 24 * 3600_000;

// `supportdesk demo` on a fresh install: a desk that looks lived in, with nothing dated after now.
describe.each(TEST_DIALECTS)('the demo desk on %s', { timeout: 300_000 }, (dialect) => {
  let ctx: TestContext;
  let now: number;
  let seconds: number;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    now = ctx.clock.now();
    const started = Date.now();
    await loadDemoData({ deps: ctx.deps });
    seconds = (Date.now() - started) / 1000;
    console.info(`[supportdesk tests] demo on ${dialect}: ${seconds.toFixed(1)} s`);
  }, 300_000);
  afterAll(async () => {
    await ctx.close();
  });

  const count = async (query: string) => Number((await sql.raw<{ n: number }>(query).execute(ctx.deps.db)).rows[0]!.n);

  it('has at least 30 customers in every standing, 4 agents and an admin', async () => {
    const customers = await ctx.deps.db.selectFrom('users').selectAll().where('role', '=', 'customer').execute();
    expect(customers.length).toBeGreaterThanOrEqual(30);
    expect(await count("select count(*) as n from users where role = 'agent'")).toBe(4);
    expect(await count("select count(*) as n from users where role = 'admin'")).toBe(1);
    const standings = new Map<string, number>();
    for (const customer of customers) {
      const e = await ctx.deps.licenses.entitlementOf({ customer });
      const expiringSoon = e.reason === 'guaranteed' && e.guaranteedUntil !== null && Date.parse(e.guaranteedUntil) - now < 45 * DAY;
      const key = expiringSoon ? 'expiring' : e.reason;
      standings.set(key, (standings.get(key) ?? 0) + 1);
    }
    expect([...standings.keys()].sort()).toEqual(['expiring', 'guarantee_ended', 'guaranteed', 'no_commercial_license']);
    expect(await count("select count(*) as n from licenses where status = 'refunded'")).toBeGreaterThan(0);
    expect(await count("select count(*) as n from licenses where type = 'free'")).toBeGreaterThan(0);
  });

  it('has 600 tickets over the last 90 days, spread over the customers, in every kind and state', async () => {
    expect(await count('select count(*) as n from tickets')).toBe(600 + (await count('select count(*) as n from tickets where follow_up_of is not null')));
    expect(await count(`select count(*) as n from tickets where created_at < ${now - 90 * DAY}`)).toBe(0);
    const busiest = await count('select max(c) as n from (select count(*) as c from tickets group by customer_id) per_customer');
    expect(busiest).toBeLessThan(100);
    const kinds = (await ctx.deps.db.selectFrom('tickets').select('kind').distinct().execute()).map((r) => r.kind).sort();
    expect(kinds).toEqual(['emergency', 'partnership', 'problem', 'question', 'suggestion']);
    const statuses = (await ctx.deps.db.selectFrom('tickets').select('status').distinct().execute()).map((r) => r.status).sort();
    expect(statuses).toEqual(['closed', 'open', 'pending', 'resolved']);
    for (const what of [
      "resolution = 'declined'",
      "resolution = 'withdrawn'",
      'rating is not null',
      'follow_up_of is not null',
      "is_guaranteed = 0 and reply_due_at is null and status = 'open'",
    ]) {
      expect(await count(`select count(*) as n from tickets where ${what}`), what).toBeGreaterThan(0);
    }
    expect(await count("select count(*) as n from ticket_messages where outcome = 'breached'")).toBeGreaterThan(0);
    expect(await count("select count(*) as n from ticket_messages where visibility = 'internal'")).toBeGreaterThan(0);
    expect(await count('select count(*) as n from vault_requests')).toBeGreaterThan(0);
  });

  it('nothing is dated after now, and every instant is a whole millisecond', async () => {
    const columns: Record<string, string[]> = {
      tickets: ['created_at', 'updated_at', 'resolved_at', 'closed_at', 'waiting_since', 'last_customer_message_at', 'last_agent_reply_at'],
      ticket_messages: ['created_at', 'arrived_at', 'answered_at'],
      ticket_events: ['created_at'],
      vault_requests: ['created_at', 'updated_at'],
      licenses: ['created_at'],
    };
    for (const [table, names] of Object.entries(columns)) {
      for (const column of names) {
        expect(await count(`select count(*) as n from ${table} where ${column} > ${now}`), `${table}.${column}`).toBe(0);
        expect(await count(`select count(*) as n from ${table} where ${column} <> round(${column})`), `${table}.${column}`).toBe(0);
      }
    }
  });

  it('conversations are in the customer’s language, and canned responses come in both', async () => {
    const russian = await ctx.deps.db
      .selectFrom('ticket_messages')
      .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
      .innerJoin('users', 'users.id', 'tickets.customer_id')
      .select(['ticket_messages.body', 'users.language'])
      .where('ticket_messages.author_role', '=', 'customer')
      .execute();
    expect(russian.length).toBeGreaterThan(600);
    for (const { body, language } of russian) expect(/[а-яё]/i.test(body), body).toBe(language === 'ru');
    const canned = await ctx.deps.db.selectFrom('canned_responses').selectAll().where('owner_id', 'is', null).execute();
    expect(canned.length).toBeGreaterThanOrEqual(6);
    for (const c of canned) expect(c.body_ru).toMatch(/[а-яё]/i);
  });

  it('leaves no mail and no job behind for the history it played', async () => {
    expect(await count('select count(*) as n from mail_outbox')).toBe(0);
    expect(await count("select count(*) as n from jobs where status = 'queued'")).toBe(0);
  });

  it('runs again without adding anything', async () => {
    const before = await Promise.all(
      ['users', 'licenses', 'tickets', 'ticket_messages', 'canned_responses'].map((t) => count(`select count(*) as n from ${t}`)),
    );
    const again = await loadDemoData({ deps: ctx.deps });
    expect(again).toMatchObject({ tickets: 0, skipped: 'loaded_before' });
    const after = await Promise.all(
      ['users', 'licenses', 'tickets', 'ticket_messages', 'canned_responses'].map((t) => count(`select count(*) as n from ${t}`)),
    );
    expect(after).toEqual(before);
  });

  it('an agent pages through every ticket of the "all" queue', async () => {
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'agent2@example.test', password: DEMO_PASSWORD } });
    const headers = { cookie: `sd_session=${signIn.cookies.find((c) => c.name === 'sd_session')!.value}` };
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res: LightMyRequestResponse = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/tickets?queue=all&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        headers,
      });
      expect(res.statusCode).toBe(200);
      for (const item of res.json().items) seen.add(item.id);
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen.size).toBe(await count('select count(*) as n from tickets'));
    expect(TEST_PASSWORD).not.toBe(DEMO_PASSWORD);
  });
});
