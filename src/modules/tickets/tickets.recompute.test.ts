import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, runDueJobs, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { JOB_ID_HEADER } from '../calendar/calendar.routes.js';

interface MessageView {
  body: string;
  replyDueAt: string | null;
  guaranteed: boolean;
  waiting: boolean;
  outcome: string | null;
}

// The clock starts on Friday 2026-11-27 19:00 Moscow (16:00Z): a question then is due Monday 19:00.
const MONDAY_19_MSK = '2026-11-30T16:00:00.000Z';
const TUESDAY_19_MSK = '2026-12-01T16:00:00.000Z';

describe.each(TEST_DIALECTS)('re-timing waiting messages on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;

  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function open(customer: Caller, body: Record<string, unknown> = {}): Promise<string> {
    const res = await openTicket(ctx, customer, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  async function detail(id: string): Promise<{ ticket: { replyDueAt: string | null; guaranteed: boolean; kind: string }; messages: MessageView[] }> {
    return (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${id}`, headers: agent.headers })).json();
  }
  async function job(id: string) {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: admin.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as { status: string; progress: { done: number; total: number } | null; name: string };
  }

  it('a holiday added on Monday moves waiting guaranteed dues to Tuesday; best effort and answered messages stay as they were', async () => {
    const fresh = await customerWith(ctx, 'fresh');
    const expired = await customerWith(ctx, 'expired');
    const waiting = await open(fresh);
    ctx.clock.advance(3600_000); // Friday 20:00 Moscow: 4 hours on Friday, 20 on the next working day
    const second = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${waiting}/messages`, headers: fresh.headers, payload: { body: 'And more.' } });
    expect(second.json().message.replyDueAt).toBe('2026-11-30T17:00:00.000Z');
    const bestEffort = await open(expired);
    const suggestion = await open(fresh, { kind: 'suggestion' });
    const answered = await open(fresh);
    ctx.clock.advance(30 * 60_000);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${answered}/messages`, headers: agent.headers, payload: { body: 'Done.' } });

    const calendar = (await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar', headers: admin.headers })).json();
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar',
      headers: admin.headers,
      payload: { ...calendar, holidays: [...calendar.holidays, '2026-11-30'] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const jobId = saved.headers[JOB_ID_HEADER] as string;
    expect(jobId).toEqual(expect.any(String));
    expect((await job(jobId)).status).toBe('queued');
    expect((await detail(waiting)).ticket.replyDueAt).toBe(MONDAY_19_MSK); // not before the job runs

    expect(await runDueJobs(ctx)).toBeGreaterThan(0);

    const moved = await detail(waiting);
    expect(moved.ticket).toMatchObject({ replyDueAt: TUESDAY_19_MSK, guaranteed: true });
    expect(moved.messages.map((m) => m.replyDueAt)).toEqual([TUESDAY_19_MSK, '2026-12-01T17:00:00.000Z']);
    expect((await detail(bestEffort)).ticket).toMatchObject({ replyDueAt: null, guaranteed: false });
    expect((await detail(bestEffort)).messages[0]).toMatchObject({ replyDueAt: null, guaranteed: false, waiting: true });
    expect((await detail(suggestion)).messages[0]).toMatchObject({ replyDueAt: null, waiting: true });
    expect((await detail(answered)).messages[0]).toMatchObject({ replyDueAt: '2026-11-30T17:00:00.000Z', waiting: false, outcome: 'met' });

    const finished = await job(jobId);
    expect(finished).toMatchObject({ name: 'calendar.recompute_due', status: 'done' });
    // Tickets with a waiting message: the re-timed one, the best-effort one and the suggestion.
    expect(finished.progress).toEqual({ done: 3, total: 3 });

    const due = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?queue=due', headers: agent.headers })).json();
    expect(due.items.map((t: { id: string; replyDueAt: string }) => [t.id, t.replyDueAt])).toEqual([[waiting, TUESDAY_19_MSK]]);

    // Saving the same calendar again changes nothing, so it starts no job.
    const again = await ctx.app.inject({ method: 'PUT', url: '/api/v1/calendar', headers: admin.headers, payload: saved.json() });
    expect(again.statusCode).toBe(200);
    expect(again.headers[JOB_ID_HEADER]).toBeUndefined();
  });

  it('a new reply target moves the dues of waiting messages of that kind only', async () => {
    // With nothing waiting, the job still finishes, at 0 of 0.
    const before = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: admin.headers })).json();
    const idle = await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: { ...before, emergency: 240 } });
    await runDueJobs(ctx);
    expect(await job(idle.headers[JOB_ID_HEADER] as string)).toMatchObject({ status: 'done', progress: { done: 0, total: 0 } });

    const fresh = await customerWith(ctx, 'fresh');
    const question = await open(fresh);
    const problem = await open(fresh, { kind: 'problem' });
    const targets = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: admin.headers })).json();
    const saved = await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: { ...targets, question: 480 } });
    expect(saved.statusCode, saved.body).toBe(200);
    const jobId = saved.headers[JOB_ID_HEADER] as string;
    await runDueJobs(ctx);
    // Friday 19:00 + 8 business hours: 5 on Friday, 3 on Monday, so Monday 03:00 Moscow.
    expect((await detail(question)).ticket.replyDueAt).toBe('2026-11-30T00:00:00.000Z');
    expect((await detail(question)).messages[0]).toMatchObject({ replyDueAt: '2026-11-30T00:00:00.000Z', waiting: true });
    expect((await detail(problem)).ticket.replyDueAt).toBe(MONDAY_19_MSK);
    expect(await job(jobId)).toMatchObject({ status: 'done', progress: { done: 2, total: 2 } });
    // A question that arrives now gets the new target at once.
    expect((await openTicket(ctx, fresh)).json().replyDueAt).toBe('2026-11-30T00:00:00.000Z');
  });

  it('a suggestion reclassified as a question gets a due for an entitled customer, best effort for an expired one', async () => {
    const fresh = await customerWith(ctx, 'fresh');
    const expired = await customerWith(ctx, 'expired');
    const mine = await open(fresh, { kind: 'suggestion' });
    const theirs = await open(expired, { kind: 'suggestion' });
    expect((await detail(mine)).ticket).toMatchObject({ replyDueAt: null, guaranteed: false });
    ctx.clock.advance(24 * 3600_000); // reclassified on Saturday: the due still counts from arrival

    const patch = (id: string, kind: string) => ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${id}`, headers: agent.headers, payload: { kind } });
    const res = await patch(mine, 'question');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'question', replyDueAt: MONDAY_19_MSK, guaranteed: true });
    expect((await detail(mine)).messages[0]).toMatchObject({ replyDueAt: MONDAY_19_MSK, guaranteed: true, waiting: true });
    expect((await patch(theirs, 'question')).json()).toMatchObject({ kind: 'question', replyDueAt: null, guaranteed: false });

    const queue = async (name: string) =>
      (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?queue=${name}`, headers: agent.headers })).json().items.map((t: { id: string }) => t.id);
    expect(await queue('due')).toEqual([mine]);
    expect(await queue('best_effort')).toEqual([theirs]);
    expect(await queue('suggestions')).toEqual([]);

    // And back: a suggestion has no target, so the due goes.
    expect((await patch(mine, 'suggestion')).json()).toMatchObject({ replyDueAt: null, guaranteed: false });
    expect((await detail(mine)).messages[0]).toMatchObject({ replyDueAt: null, waiting: true });
    expect(await queue('due')).toEqual([]);

    // An answered message keeps its recorded due and outcome whatever the ticket becomes.
    const answered = await open(fresh);
    const recorded = (await detail(answered)).ticket.replyDueAt;
    expect(recorded).toBe('2026-11-30T21:00:00.000Z'); // Saturday waits for Monday 00:00 Moscow
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${answered}/messages`, headers: agent.headers, payload: { body: 'Answer.' } });
    expect((await patch(answered, 'suggestion')).json()).toMatchObject({ kind: 'suggestion', replyDueAt: null });
    expect((await detail(answered)).messages[0]).toMatchObject({ replyDueAt: recorded, waiting: false, outcome: 'met' });
  });
});
