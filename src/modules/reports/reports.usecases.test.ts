import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { buildKnownHistory, KNOWN_PERIOD, MINUTE, msk } from '../../../test/reports.js';
import type { User } from '../../db/types.js';

// Every figure of the known history (test/reports.ts), worked out by hand there, on both databases.
describe.each(TEST_DIALECTS)('reports from the known history on %s', (dialect) => {
  let ctx: TestContext;
  let history: Awaited<ReturnType<typeof buildKnownHistory>>;
  let admin: Pick<User, 'id' | 'role'>;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    history = await buildKnownHistory(ctx);
    admin = { id: history.admin.userId, role: 'admin' };
  });
  afterAll(async () => {
    await ctx.close();
  });

  const report = (request: Record<string, unknown>, actor?: Pick<User, 'id' | 'role'>) =>
    ctx.deps.reports.buildReport({ actor: actor ?? admin, request: { ...KNOWN_PERIOD, ...request } });

  it('counts new tickets and customer messages by kind', async () => {
    const r = await report({});
    expect(r.period).toMatchObject({
      fromDate: '2026-11-27',
      toDate: '2026-12-06',
      from: msk('2026-11-27T00:00'),
      to: msk('2026-12-07T00:00'),
      timezone: 'Europe/Moscow',
    });
    expect(r.volume.newTickets).toEqual({ question: 5, problem: 1, emergency: 0, suggestion: 1, partnership: 0 });
    expect(r.volume.customerMessages).toEqual({ question: 6, problem: 1, emergency: 0, suggestion: 1, partnership: 0 });
  });

  it('first and later replies in business time: the Friday evening message waits for Monday, the holiday does not count', async () => {
    const r = await report({});
    // First replies: T1 60 min, T3 120, T5 360, T2 600 (Tue 1 h + Thu 9 h; Wednesday is a holiday).
    expect(r.replies.first).toEqual({ count: 4, p50: 120 * MINUTE, p90: 600 * MINUTE, p95: 600 * MINUTE });
    // Buckets under 1, 2, 4, 8, 24, 48 business hours and the rest: 1 h is not under 1 h.
    expect(r.replies.firstDistribution).toEqual([0, 1, 1, 1, 1, 0, 0]);
    // T1's second message: Mon 12:00–18:00 and Tue 09:00–11:00.
    expect(r.replies.later).toEqual({ count: 1, p50: 480 * MINUTE, p90: 480 * MINUTE, p95: 480 * MINUTE });
    // Same business day (R10): T1 (Friday after hours, answered on Monday, its first business day), T3, T5; not T1's second, not T2.
    expect(r.replies).toMatchObject({ answered: 5, sameDay: 3, sameDayShare: 0.6 });
  });

  it('compliance counts the late answer and the message still waiting past its due on the working Saturday, each a link', async () => {
    const r = await report({});
    expect(r.compliance).toEqual({ met: 4, breached: 2, waitingNotDue: 0, share: 4 / 6 });
    expect(r.breaches).toEqual([
      {
        ticketId: history.tickets.t2.id,
        ticketNumber: history.tickets.t2.number,
        messageId: expect.any(String),
        arrivedAt: msk('2026-12-01T17:00'),
        replyDueAt: msk('2026-12-03T17:00'),
        answeredAt: msk('2026-12-03T18:30'),
      },
      {
        ticketId: history.tickets.t7.id,
        ticketNumber: history.tickets.t7.number,
        messageId: expect.any(String),
        arrivedAt: msk('2026-12-04T17:00'),
        replyDueAt: msk('2026-12-05T17:00'),
        answeredAt: null,
      },
    ]);
  });

  it('best effort is counted apart and never as a breach (R5)', async () => {
    const r = await report({});
    expect(r.bestEffort).toEqual({
      messages: 1,
      answered: 1,
      waiting: 0,
      first: { count: 1, p50: 540 * MINUTE, p90: 540 * MINUTE, p95: 540 * MINUTE },
      later: { count: 0, p50: null, p90: null, p95: null },
      sameDayShare: 0,
    });
  });

  it('declines by reason, suggestions and partnership, satisfaction with its comments', async () => {
    const r = await report({});
    expect(r.declines).toEqual({ out_of_scope: 0, unclear: 1, inaccurate_data: 0, not_localizable: 0 });
    expect(r.requests).toEqual({ suggestion: 1, partnership: 0, answered: 1 });
    expect(r.satisfaction).toEqual({
      count: 2,
      average: 4.5,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 },
      comments: [
        { ticketId: history.tickets.t1.id, ticketNumber: history.tickets.t1.number, rating: 4, comment: 'Quick, thanks', ratedAt: msk('2026-12-01T11:30') },
      ],
    });
  });

  it('per agent: replies, first replies, median reply time, compliance, satisfaction', async () => {
    const r = await report({});
    expect(r.agents).toEqual([
      // X answered T1 twice, T5 (decline), T6, T3: reply times 60, 480, 360, 540, 120 min.
      {
        agentId: history.agentX.userId,
        name: 'Xenia Agent',
        replies: 5,
        firstReplies: 4,
        medianReplyMs: 360 * MINUTE,
        met: 4,
        breached: 0,
        compliance: 1,
        ratings: 2,
        satisfaction: 4.5,
      },
      // Y answered T2 late (600 min) and T4 as best effort (540 min).
      {
        agentId: history.agentY.userId,
        name: 'Yuri Agent',
        replies: 2,
        firstReplies: 2,
        medianReplyMs: 540 * MINUTE,
        met: 0,
        breached: 1,
        compliance: 0,
        ratings: 0,
        satisfaction: null,
      },
    ]);
  });

  it('a day-by-day series of volume, compliance and backlog', async () => {
    const r = await report({});
    expect(r.series.map((d) => [d.date, d.newTickets, d.customerMessages, d.met, d.breached, d.backlog])).toEqual([
      ['2026-11-27', 1, 1, 1, 0, 1],
      ['2026-11-28', 0, 0, 0, 0, 1],
      ['2026-11-29', 0, 0, 0, 0, 1],
      ['2026-11-30', 1, 2, 2, 0, 1],
      ['2026-12-01', 1, 1, 0, 1, 1],
      ['2026-12-02', 0, 0, 0, 0, 1],
      ['2026-12-03', 2, 2, 0, 0, 2],
      ['2026-12-04', 1, 1, 0, 1, 1],
      ['2026-12-05', 1, 1, 1, 0, 1],
      ['2026-12-06', 0, 0, 0, 0, 1],
    ]);
  });

  it('filters by kind, tag, product and agent; an agent sees only their own figures', async () => {
    const problems = await report({ kind: 'problem' });
    expect(problems.volume.newTickets.problem).toBe(1);
    expect(problems.volume.newTickets.question).toBe(0);
    expect(problems.compliance).toMatchObject({ met: 0, breached: 1 });
    const tagged = await report({ tag: 'checkout' });
    expect(tagged.breaches.map((b) => b.ticketId)).toEqual([history.tickets.t2.id]);
    expect((await report({ product: 'DIAFAN.CMS' })).volume.newTickets.question).toBe(0); // tickets opened without a license key
    expect((await report({ product: 'Other' })).volume.customerMessages.question).toBe(0);
    const byY = await report({ agentId: history.agentY.userId });
    expect(byY.agents.map((a) => a.agentId)).toEqual([history.agentY.userId]);
    expect(byY.compliance).toMatchObject({ met: 0, breached: 1 });
    // X asks for Y's figures and gets their own.
    const asX = await report({ agentId: history.agentY.userId }, { id: history.agentX.userId, role: 'agent' });
    expect(asX.agents.map((a) => a.agentId)).toEqual([history.agentX.userId]);
    // X's own: four met, and T7 waits on a ticket nobody holds, so it is not X's breach.
    expect(asX.compliance).toMatchObject({ met: 4, breached: 0 });
  });

  it('presets resolve in the calendar zone: last week is Monday to Sunday before today', async () => {
    const r = await report({ preset: 'last_week', from: undefined, to: undefined });
    expect(r.period).toMatchObject({ fromDate: '2026-11-30', toDate: '2026-12-06' });
    expect(r.volume.newTickets.question).toBe(4);
    await expect(report({ from: '2026-12-06', to: '2026-12-01' })).rejects.toMatchObject({ code: 'reports.bad_period' });
    await expect(report({ from: '2025-01-01', to: '2026-12-01' })).rejects.toMatchObject({ code: 'reports.period_too_long' });
  });
});
