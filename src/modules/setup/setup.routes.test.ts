import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

// A new install tells its admins what is left to set up, and warns before the calendar runs out of holidays.
describe.each(TEST_DIALECTS)('first-run checklist and holiday warnings on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect }); // Friday 2026-11-27
    admin = await signInAs(ctx, { role: 'admin', email: 'boss@example.test' });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const status = async (caller: Caller = admin) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/setup', headers: caller.headers })).json();
  const done = async () => Object.fromEntries((await status()).checklist.map((c: { item: string; isDone: boolean }) => [c.item, c.isDone]));

  it('a new install has every item to do, and no holidays for this year or the next', async () => {
    expect(await done()).toEqual({ holidays: false, reply_targets: false, mail: false, first_agent: false });
    expect((await status()).holidays).toEqual({ missingYears: [2026, 2027], firstUncoveredDate: '2026-11-27', horizonDays: 60, timezone: 'Europe/Moscow' });
  });

  it('each item is ticked when done: holidays for both years, targets saved (even unchanged), an agent', async () => {
    for (const presetId of ['ru-2026', 'ru-2027']) {
      const applied = await ctx.app.inject({ method: 'POST', url: '/api/v1/calendar/apply-preset', headers: admin.headers, payload: { presetId } });
      await ctx.app.inject({ method: 'PUT', url: '/api/v1/calendar', headers: admin.headers, payload: applied.json() });
    }
    const targets = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: admin.headers })).json();
    const saved = await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: targets });
    expect(saved.statusCode).toBe(200);
    await signInAs(ctx, { role: 'agent' });
    expect(await done()).toEqual({ holidays: true, reply_targets: true, mail: false, first_agent: true });
    expect((await status()).holidays.missingYears).toEqual([]);
  });

  it('mail is ticked once SMTP is configured', async () => {
    const configured = await createTestContext({ dialect, config: { smtpHost: '127.0.0.1' } });
    try {
      const boss = await signInAs(configured, { role: 'admin' });
      const res = await configured.app.inject({ method: 'GET', url: '/api/v1/admin/setup', headers: boss.headers });
      expect(res.json().checklist).toContainEqual({ item: 'mail', isDone: true });
    } finally {
      await configured.close();
    }
  });

  it('admins are mailed once per year without holidays; agents are not', async () => {
    await signInAs(ctx, { role: 'admin', email: 'second@example.test' });
    const agent = await signInAs(ctx, { role: 'agent' });
    expect(await ctx.deps.setup.noticeHolidayGaps()).toEqual({ mailed: 4 }); // 2 admins × 2026 and 2027
    expect(await ctx.deps.setup.noticeHolidayGaps()).toEqual({ mailed: 0 });
    const mails = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'calendar_holidays_missing').execute();
    expect(mails.map((m) => `${m.to_address} ${m.subject}`).sort()).toEqual([
      'boss@example.test The business calendar has no holidays for 2026',
      'boss@example.test The business calendar has no holidays for 2027',
      'second@example.test The business calendar has no holidays for 2026',
      'second@example.test The business calendar has no holidays for 2027',
    ]);
    expect(mails.every((m) => m.text_body.includes('/admin/calendar'))).toBe(true);
    expect(mails.some((m) => m.to_address === agent.email)).toBe(false);
  });

  it('the checklist is for admins only', async () => {
    const agent = await signInAs(ctx, { role: 'agent' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/setup', headers: agent.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/setup' })).statusCode).toBe(401);
  });
});
