import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

// Issue 12 (ticket page): declines that cannot be sent twice, a reply that takes an unassigned
// ticket, kind and subject edits, and an If-Match that holds inside the writing transaction.
describe.each(TEST_DIALECTS)('the agent ticket page moves, on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let other: Caller;
  let admin: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent', name: 'Anna Agent' });
    other = await signInAs(ctx, { role: 'agent', name: 'Boris Agent' });
    admin = await signInAs(ctx, { role: 'admin', name: 'Ada Admin' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function newTicket(body: Record<string, unknown> = {}) {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer, body)).json();
    return { customer, ticketId: ticket.id as string };
  }
  const decline = (ticketId: string, caller = agent) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/decline`, headers: caller.headers, payload: { reason: 'unclear' } });
  const detail = async (ticketId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: agent.headers })).json();
  const reply = (ticketId: string, caller: Caller, payload: Record<string, unknown> = {}) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: caller.headers, payload: { body: 'Looking into it.', ...payload } });
  const setReplyTakes = (value: boolean, caller = admin) =>
    ctx.app.inject({ method: 'PUT', url: '/api/v1/settings/workspace', headers: caller.headers, payload: { replyTakesTicket: value } });

  it('a second decline answers 409 tickets.already_declined and sends nothing more', async () => {
    const { customer, ticketId } = await newTicket();
    expect((await decline(ticketId)).statusCode).toBe(200);
    const again = await decline(ticketId);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('tickets.already_declined');
    const mails = await ctx.deps.db.selectFrom('mail_outbox').select('id').where('ticket_id', '=', ticketId).where('to_address', '=', customer.email).execute();
    const d = await detail(ticketId);
    expect(d.events.filter((e: { type: string }) => e.type === 'declined')).toHaveLength(1);
    expect(d.messages.filter((m: { authorRole: string }) => m.authorRole === 'agent')).toHaveLength(1);
    expect(mails.length).toBeGreaterThan(0);
  });

  it('50 declines at once: exactly one succeeds, one explanation, one mail', async () => {
    const { customer, ticketId } = await newTicket();
    const results = await Promise.all(Array.from({ length: 50 }, () => decline(ticketId)));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    expect(new Set(results.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['tickets.already_declined']));
    const d = await detail(ticketId);
    expect(d.events.filter((e: { type: string }) => e.type === 'declined')).toHaveLength(1);
    expect(d.messages.filter((m: { authorRole: string }) => m.authorRole === 'agent')).toHaveLength(1);
    const mails = await ctx.deps.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('ticket_id', '=', ticketId)
      .where('to_address', '=', customer.email)
      .where('template', '=', 'agent_reply')
      .execute();
    expect(mails).toHaveLength(1);
  });

  it('a declined ticket the customer answered can be declined again; a closed one cannot', async () => {
    const { customer, ticketId } = await newTicket();
    await decline(ticketId);
    expect((await reply(ticketId, customer, { body: 'Here is more detail: page 2 fails.' })).statusCode).toBe(201);
    expect((await decline(ticketId)).statusCode).toBe(200);
    const closed = await newTicket();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${closed.ticketId}`, headers: agent.headers, payload: { status: 'closed' } });
    const res = await decline(closed.ticketId);
    expect([res.statusCode, res.json().code]).toEqual([409, 'tickets.closed']);
  });

  it('a public reply takes an unassigned ticket, as an assigned event by the replying agent', async () => {
    const { ticketId } = await newTicket();
    const res = await reply(ticketId, agent);
    expect(res.statusCode).toBe(201);
    expect(res.json().ticket.assigneeId).toBe(agent.userId);
    const assigned = (await detail(ticketId)).events.filter((e: { type: string }) => e.type === 'assigned');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]).toMatchObject({ actorId: agent.userId, data: { from: null, to: agent.userId, why: 'reply' } });
    // Already assigned: another agent's reply leaves it with its assignee.
    expect((await reply(ticketId, other)).json().ticket.assigneeId).toBe(agent.userId);
  });

  it('an internal note does not take the ticket, and the admin setting turns taking off', async () => {
    const { ticketId } = await newTicket();
    expect((await reply(ticketId, agent, { internal: true })).json().ticket.assigneeId).toBeNull();
    expect((await setReplyTakes(false, agent)).statusCode).toBe(403);
    expect((await setReplyTakes(false)).json()).toEqual({ replyTakesTicket: false });
    try {
      expect((await reply(ticketId, agent)).json().ticket.assigneeId).toBeNull();
      expect((await detail(ticketId)).events.some((e: { type: string }) => e.type === 'assigned')).toBe(false);
    } finally {
      await setReplyTakes(true);
    }
    const read = await ctx.app.inject({ method: 'GET', url: '/api/v1/settings/workspace', headers: agent.headers });
    expect(read.json()).toEqual({ replyTakesTicket: true });
  });

  it('kind and subject edits record an event each; a change to emergency re-times the waiting message', async () => {
    const { ticketId } = await newTicket({ kind: 'suggestion' });
    expect((await detail(ticketId)).ticket.replyDueAt).toBeNull();
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticketId}`,
      headers: agent.headers,
      payload: { kind: 'emergency', subject: 'Site down after the update' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'emergency', subject: 'Site down after the update', guaranteed: true });
    expect(res.json().replyDueAt).not.toBeNull();
    const events = (await detail(ticketId)).events;
    expect(events.find((e: { type: string }) => e.type === 'kind_changed')).toMatchObject({
      actorId: agent.userId,
      data: { from: 'suggestion', to: 'emergency' },
    });
    expect(events.find((e: { type: string }) => e.type === 'subject_changed')).toMatchObject({ data: { to: 'Site down after the update' } });
  });

  it('20 PATCHes with the same If-Match: one writes, the others answer 412 and write nothing', async () => {
    const { ticketId } = await newTicket();
    const etag = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: agent.headers })).headers.etag as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.app.inject({
          method: 'PATCH',
          url: `/api/v1/tickets/${ticketId}`,
          headers: { ...agent.headers, 'if-match': etag },
          payload: { subject: `Subject ${i}`, assigneeId: i % 2 ? agent.userId : other.userId },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).filter((c) => c !== 412)).toEqual([200]);
    const refused = results.filter((r) => r.statusCode === 412);
    expect(refused).toHaveLength(19);
    expect(refused[0]!.json().code).toBe('request.precondition_failed');
    const events = (await detail(ticketId)).events;
    expect(events.filter((e: { type: string }) => e.type === 'subject_changed')).toHaveLength(1);
    expect(events.filter((e: { type: string }) => e.type === 'assigned')).toHaveLength(1);
  });

  it('a refused status move in a PATCH writes none of its other changes', async () => {
    const { ticketId } = await newTicket();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticketId}`, headers: agent.headers, payload: { status: 'closed' } });
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticketId}`,
      headers: agent.headers,
      payload: { subject: 'Never written', status: 'pending' },
    });
    expect(res.statusCode).toBe(409);
    expect((await detail(ticketId)).ticket.subject).not.toBe('Never written');
  });
});
