import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, runDueJobs, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

async function assigneeOf(ctx: TestContext, ticketId: string): Promise<string | null> {
  return (await ctx.deps.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticketId).executeTakeFirstOrThrow()).assignee_id;
}

describe.each(TEST_DIALECTS)('round-robin assignment on %s', (dialect) => {
  let ctx: TestContext;
  let first: Caller;
  let second: Caller;
  let away: Caller;
  let customer: Caller;

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, config: { roundRobin: true } });
    // Ids are time-ordered, so ties (nobody assigned yet) go to first, then second.
    first = await signInAs(ctx, { role: 'agent', name: 'Anna First' });
    second = await signInAs(ctx, { role: 'agent', name: 'Boris Second' });
    away = await signInAs(ctx, { role: 'agent', name: 'Clara Away' });
    customer = await customerWith(ctx, 'fresh');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('an agent says they are away; customers cannot', async () => {
    const res = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/availability', headers: away.headers, payload: { available: false } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: away.userId, available: false, openTickets: 0, lastAssignedAt: null });
    const refused = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/availability', headers: customer.headers, payload: { available: true } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('auth.forbidden');
  });

  it('six new tickets go in turn to the two available agents, three each, and none to the one away', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await openTicket(ctx, customer, { subject: `Question ${i + 1}` });
      expect(created.json()).not.toHaveProperty('assigneeId'); // the customer never sees who handles it
      expect(await assigneeOf(ctx, created.json().id)).toBeNull(); // assigned by the job, after the creation commits
      ids.push(created.json().id);
    }
    await runDueJobs(ctx); // all six in one run, at one instant: the rotation must not depend on the clock moving
    const assignees = await Promise.all(ids.map((id) => assigneeOf(ctx, id)));
    expect(assignees).toEqual([first.userId, second.userId, first.userId, second.userId, first.userId, second.userId]);

    const agents = (await ctx.app.inject({ method: 'GET', url: '/api/v1/agents', headers: first.headers })).json().items;
    expect(agents.map((a: { name: string; available: boolean; openTickets: number }) => [a.name, a.available, a.openTickets])).toEqual([
      ['Anna First', true, 3],
      ['Boris Second', true, 3],
      ['Clara Away', false, 0],
    ]);

    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ids[0]}`, headers: first.headers })).json();
    expect(detail.events.find((e: { type: string }) => e.type === 'assigned')).toMatchObject({ actorId: null, data: { from: null, to: first.userId } });
  });

  it('the least recently assigned agent is next, counting manual assignments; back from away, an agent rejoins the rotation', async () => {
    const ticket = (await openTicket(ctx, customer)).json();
    ctx.clock.advance(60_000);
    const manual = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: second.headers,
      payload: { assigneeId: first.userId },
    });
    expect(manual.statusCode).toBe(200);
    await runDueJobs(ctx); // the ticket was taken meanwhile: the job leaves it alone
    expect(await assigneeOf(ctx, ticket.id)).toBe(first.userId);

    await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/availability', headers: away.headers, payload: { available: true } });
    ctx.clock.advance(60_000);
    const next = (await openTicket(ctx, customer)).json();
    const after = (await openTicket(ctx, customer)).json();
    await runDueJobs(ctx);
    expect(await assigneeOf(ctx, next.id)).toBe(away.userId); // never assigned: first in line
    expect(await assigneeOf(ctx, after.id)).toBe(second.userId); // first was just assigned by hand
  });

  it('suggestions are not part of the rotation', async () => {
    const suggestion = (await openTicket(ctx, customer, { kind: 'suggestion' })).json();
    await runDueJobs(ctx);
    expect(await assigneeOf(ctx, suggestion.id)).toBeNull();
  });

  it('agents and customers: the agent list is for staff', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/agents', headers: customer.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.forbidden');
  });
});

describe.each(TEST_DIALECTS)('round robin switched off on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect }); // SUPPORTDESK_ROUND_ROBIN defaults to false
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('new tickets stay unassigned and no assignment job is queued', async () => {
    await signInAs(ctx, { role: 'agent' });
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await runDueJobs(ctx);
    expect(await assigneeOf(ctx, ticket.id)).toBeNull();
    expect(await ctx.deps.db.selectFrom('jobs').select('id').where('name', '=', 'tickets.auto_assign').execute()).toEqual([]);
  });
});
