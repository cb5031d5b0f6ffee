import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, runDueJobs, signInAs, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { buildKnownHistory } from '../../../test/reports.js';

// The known history (test/reports.ts) seen from Monday 2026-12-07: last week is 11-30..12-06.
// Guaranteed messages that arrived then: T1's second (met), T5 (met), T2 (breached), T3 (met) and
// T7 (waiting past its due): 3 of 5 in time. Same business day: T5 and T3 of the four answered.
// First replies: T3 2 h, T5 6 h, T2 10 h: median 6 h, p90 10 h. Ratings 4 and 5.
describe.each(TEST_DIALECTS)('the weekly summary mail on %s', (dialect) => {
  let ctx: TestContext;
  let history: Awaited<ReturnType<typeof buildKnownHistory>>;
  const outbox = () => ctx.deps.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'reports_weekly_summary').orderBy('to_address').execute();
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    history = await buildKnownHistory(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it("goes once a week to each admin in their language, with last week's numbers, and not to one who turned it off", async () => {
    const russian = await signInAs(ctx, { role: 'admin', email: 'zz-ru-admin@example.test', name: 'Зоя' });
    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: russian.headers, payload: { language: 'ru' } });
    const quiet = await signInAs(ctx, { role: 'admin', email: 'aa-quiet-admin@example.test' });
    const off = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notifications', headers: quiet.headers, payload: { weeklySummary: false } });
    expect(off.json()).toMatchObject({ weeklySummary: false });
    const agentPrefs = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: history.agentX.headers });
    expect(agentPrefs.json().weeklySummary).toBeUndefined(); // admins only

    await runDueJobs(ctx);
    const mails = await outbox();
    expect(mails.map((m) => m.to_address)).toEqual([history.admin.email, 'zz-ru-admin@example.test']);
    const [en, ru] = mails as [(typeof mails)[number], (typeof mails)[number]];
    expect(en.subject).toBe('Support last week, 2026-11-30 to 2026-12-06: 60% answered before the due time');
    expect(en.text_body).toContain('Answered before the due time: 60% (3 in time, 2 breached).');
    expect(en.text_body).toContain('Answered the same business day: 50%.');
    expect(en.text_body).toContain('First reply in business time: median 6 h, 90th percentile 10 h.');
    expect(en.text_body).toContain(`Breaches: 2.\n#${history.tickets.t2.number}: `);
    expect(en.text_body).toContain(`/agent/tickets/${history.tickets.t7.id}`);
    expect(en.text_body).toContain('Best-effort messages (counted apart): 1.');
    expect(en.text_body).toContain('Satisfaction: 4.5 from 2 ratings.');
    expect(ru.language).toBe('ru');
    expect(ru.text_body.replace(/\u00a0/g, ' ')).toContain('Ответы до срока: 60 % (в срок 3, просрочено 2).');
    expect(ru.text_body).toContain('медиана 6 ч, 90-й процентиль 10 ч');
    expect(ru.text_body).toContain('Оценки: 4,5 (всего 2).');

    ctx.clock.advance(3 * 3600_000);
    await runDueJobs(ctx);
    expect(await outbox()).toHaveLength(2);
  });
});
