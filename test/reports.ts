import { signInAs, type Caller, type TestContext } from './app.js';
import { customerWith, openTicket } from './tickets.js';

/** Moscow wall-clock time (UTC+3 all year) as an instant. */
export function msk(local: string): number {
  return Date.parse(`${local}:00+03:00`);
}

/**
 * The known history the report tests check by hand. Calendar: Moscow, Mon–Fri 09:00–18:00, the
 * Wednesday 2026-12-02 a holiday, Saturday 2026-12-05 a working day; every support kind due in
 * 9 business hours (one business day). The report runs for 2026-11-27..2026-12-06 at "now",
 * Monday 2026-12-07 12:00.
 *
 * - T1 question (A): Fri 11-27 19:00 (after hours) → X answers Mon 10:00 (1 h, same business day,
 *   met); A again Mon 12:00 → X answers and resolves Tue 11:00 (8 h, later reply, met); A rates 4,
 *   "Quick, thanks".
 * - T2 problem (A), tagged `checkout`: Tue 12-01 17:00, due Thu 17:00 (Wednesday is a holiday) →
 *   Y answers Thu 18:30 (10 h, breached).
 * - T3 question (A): on the working Saturday 12-05 10:00 → X answers and resolves 12:00 (2 h, same
 *   day, met); A rates 5.
 * - T4 question (B, guarantee ended): Thu 12-03 10:00 → Y answers Fri 10:00 (9 h, best effort).
 * - T5 question (C): Mon 11-30 09:30 → X declines as unclear 15:30 (6 h, same day, met).
 * - T6 suggestion (A): Thu 12-03 12:00 → X answers Fri 12:00 (9 h, no target).
 * - T7 question (C): Fri 12-04 17:00, due Sat 17:00 (the working Saturday) → still waiting at now:
 *   a breach before anyone answers.
 */
export async function buildKnownHistory(ctx: TestContext): Promise<{
  admin: Caller;
  agentX: Caller;
  agentY: Caller;
  tickets: Record<'t1' | 't2' | 't3' | 't4' | 't5' | 't6' | 't7', { id: string; number: number }>;
}> {
  ctx.clock.set(msk('2026-11-20T12:00'));
  const admin = await signInAs(ctx, { role: 'admin', name: 'Ada Admin' });
  const agentX = await signInAs(ctx, { role: 'agent', name: 'Xenia Agent' });
  const agentY = await signInAs(ctx, { role: 'agent', name: 'Yuri Agent' });
  const weekday = [['09:00', '18:00']];
  await ctx.deps.calendar.setCalendar({
    input: {
      timezone: 'Europe/Moscow',
      week: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
      holidays: ['2026-12-02'],
      specialDays: { '2026-12-05': weekday },
    },
  });
  await ctx.deps.calendar.setReplyTargets({ targets: { question: 540, problem: 540, emergency: 540, suggestion: null, partnership: null } });
  const a = await customerWith(ctx, 'fresh');
  const b = await customerWith(ctx, 'expired');
  const c = await customerWith(ctx, 'fresh');

  const at = (local: string) => ctx.clock.set(msk(local));
  const open = async (caller: Caller, body: Record<string, unknown> = {}) => {
    const res = await openTicket(ctx, caller, body);
    if (res.statusCode !== 201) throw new Error(`open failed: ${res.body}`);
    const { id, number } = res.json() as { id: string; number: number };
    return { id, number };
  };
  const say = async (caller: Caller, ticketId: string, payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: caller.headers, payload });
    if (res.statusCode !== 201) throw new Error(`message failed: ${res.body}`);
  };
  const patch = async (ticketId: string, payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticketId}`, headers: admin.headers, payload });
    if (res.statusCode !== 200) throw new Error(`patch failed: ${res.body}`);
  };
  const rate = async (caller: Caller, ticketId: string, payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/rating`, headers: caller.headers, payload });
    if (res.statusCode !== 200) throw new Error(`rating failed: ${res.body}`);
  };

  at('2026-11-27T19:00');
  const t1 = await open(a);
  await patch(t1.id, { assigneeId: agentX.userId });
  at('2026-11-30T09:30');
  const t5 = await open(c);
  await patch(t5.id, { assigneeId: agentX.userId });
  at('2026-11-30T10:00');
  await say(agentX, t1.id, { body: 'Which version?' });
  at('2026-11-30T12:00');
  await say(a, t1.id, { body: 'Version 7.1.' });
  at('2026-11-30T15:30');
  const declined = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${t5.id}/decline`, headers: agentX.headers, payload: { reason: 'unclear' } });
  if (declined.statusCode !== 200) throw new Error(`decline failed: ${declined.body}`);
  at('2026-12-01T11:00');
  await say(agentX, t1.id, { body: 'Fixed in 7.2.', status: 'resolved' });
  at('2026-12-01T11:30');
  await rate(a, t1.id, { rating: 4, comment: 'Quick, thanks' });
  at('2026-12-01T17:00');
  const t2 = await open(a, { kind: 'problem' });
  await patch(t2.id, { assigneeId: agentY.userId, tags: ['checkout'] });
  at('2026-12-03T10:00');
  const t4 = await open(b);
  at('2026-12-03T12:00');
  const t6 = await open(a, { kind: 'suggestion', subject: 'Dark theme', body: 'Please add one.' });
  at('2026-12-03T18:30');
  await say(agentY, t2.id, { body: 'Cleared the cache.' });
  at('2026-12-04T10:00');
  await say(agentY, t4.id, { body: 'Here is how.' });
  at('2026-12-04T12:00');
  await say(agentX, t6.id, { body: 'Thanks, noted.' });
  at('2026-12-04T17:00');
  const t7 = await open(c);
  at('2026-12-05T10:00');
  const t3 = await open(a);
  await patch(t3.id, { assigneeId: agentX.userId });
  at('2026-12-05T12:00');
  await say(agentX, t3.id, { body: 'Done.', status: 'resolved' });
  at('2026-12-05T12:10');
  await rate(a, t3.id, { rating: 5 });
  at('2026-12-07T12:00');
  return { admin, agentX, agentY, tickets: { t1, t2, t3, t4, t5, t6, t7 } };
}

export const KNOWN_PERIOD = { from: '2026-11-27', to: '2026-12-06' };
export const MINUTE = 60_000;
