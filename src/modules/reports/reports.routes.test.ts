import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { buildKnownHistory, msk } from '../../../test/reports.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

describe.each(TEST_DIALECTS)('GET /api/v1/reports on %s', (dialect) => {
  let ctx: TestContext;
  let history: Awaited<ReturnType<typeof buildKnownHistory>>;
  const summary = '/api/v1/reports/summary?from=2026-11-27&to=2026-12-06';
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    history = await buildKnownHistory(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('an admin sees every agent, instants in UTC and each breach linked to its ticket', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: summary, headers: history.admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period).toMatchObject({ from: '2026-11-26T21:00:00.000Z', to: '2026-12-06T21:00:00.000Z', timezone: 'Europe/Moscow' });
    expect(body.agents).toHaveLength(2);
    expect(body.breaches[0]).toMatchObject({
      ticketNumber: history.tickets.t2.number,
      replyDueAt: '2026-12-03T14:00:00.000Z',
      link: expect.stringMatching(new RegExp(`/agent/tickets/${history.tickets.t2.id}$`)),
    });
    expect(body.compliance).toMatchObject({ met: 4, breached: 2 });
  });

  it('an agent gets their own figures, whoever they ask for; a customer is refused', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `${summary}&agentId=${history.agentY.userId}`, headers: history.agentX.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().agents.map((a: { agentId: string }) => a.agentId)).toEqual([history.agentX.userId]);
    const customer = await signInAs(ctx, { role: 'customer' });
    const refused = await ctx.app.inject({ method: 'GET', url: summary, headers: customer.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.forbidden');
  });

  it('a token needs the reports:read scope', async () => {
    const scoped = await tokenFor(ctx, { role: 'admin', scopes: ['reports:read'] });
    expect((await ctx.app.inject({ method: 'GET', url: summary, headers: scoped.headers })).statusCode).toBe(200);
    const other = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:read'] });
    const refused = await ctx.app.inject({ method: 'GET', url: summary, headers: other.headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.scope_denied');
  });

  it('a period needs a preset or both dates in order, at most 366 days', async () => {
    const missing = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2026-11-27', headers: history.admin.headers });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().code).toBe('reports.bad_period');
    const long = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2024-01-01&to=2026-01-01', headers: history.admin.headers });
    expect(long.json().code).toBe('reports.period_too_long');
    const badDate = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/summary?from=2026-13-01&to=2026-12-01', headers: history.admin.headers });
    expect(badDate.statusCode).toBe(400);
    const preset = await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/summary?preset=this_month', headers: history.admin.headers });
    expect(preset.json().period).toMatchObject({ fromDate: '2026-12-01', toDate: '2026-12-07' });
  });

  it('"usually answered within" appears once 20 first replies exist in the last 30 days, and not before', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const expectation = async () =>
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/expectation?kind=question', headers: customer.headers })).json();
    // The history holds three answered first questions (T1, T3, T5; T4 was best effort).
    expect(await expectation()).toEqual({ kind: 'question', hours: null });
    const answerOne = async (day: string) => {
      ctx.clock.set(msk(`${day}T10:00`));
      const ticket = (await openTicket(ctx, customer)).json();
      ctx.clock.set(msk(`${day}T12:00`));
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/messages`,
        headers: history.agentX.headers,
        payload: { body: 'Answer.' },
      });
      expect(res.statusCode).toBe(201);
    };
    for (let i = 0; i < 16; i++) await answerOne('2026-12-07');
    ctx.clock.set(msk('2026-12-07T13:00'));
    expect(await expectation()).toEqual({ kind: 'question', hours: null });
    await answerOne('2026-12-08');
    ctx.clock.set(msk('2026-12-08T13:00'));
    // 60, 120, 360 and seventeen of 120 minutes: the median is 2 business hours.
    expect(await expectation()).toEqual({ kind: 'question', hours: 2 });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/reports/expectation?kind=problem', headers: customer.headers })).json().hours).toBeNull();
  });
});
