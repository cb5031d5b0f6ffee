import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

// The seed's story, through the API: DESIGN.md R1–R8 on both databases.
describe.each(TEST_DIALECTS)('the support rules through the API on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect }); // the clock starts on Friday 2026-11-27 19:00 Moscow
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it("a question on Friday 19:00 is due Monday 19:00; a clarifying question answers it; the customer's answer starts a new due", async () => {
    ctx.clock.set(Date.parse('2026-11-27T16:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const created = await openTicket(ctx, customer);
    expect(created.statusCode).toBe(201);
    const ticket = created.json();
    expect(ticket).toMatchObject({ number: expect.any(Number), status: 'open', replyDueAt: '2026-11-30T16:00:00.000Z', guaranteed: true });

    ctx.clock.set(Date.parse('2026-11-30T09:00:00Z')); // Monday 12:00 Moscow
    const clarify = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Which version do you run?' },
    });
    expect(clarify.statusCode).toBe(201);
    expect(clarify.json().ticket).toMatchObject({ status: 'pending', replyDueAt: null });

    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(detail.messages[0]).toMatchObject({ authorRole: 'customer', waiting: false, outcome: 'met', answeredAt: '2026-11-30T09:00:00.000Z' });

    ctx.clock.set(Date.parse('2026-11-30T10:00:00Z')); // Monday 13:00 Moscow
    const answer = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: 'Version 7.1.' },
    });
    expect(answer.json().ticket).toMatchObject({ status: 'open', replyDueAt: '2026-12-01T10:00:00.000Z', guaranteed: true });
  });

  it('several unanswered customer messages keep the earliest due; an internal note answers nothing', async () => {
    ctx.clock.set(Date.parse('2026-12-01T08:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    ctx.clock.advance(3600_000);
    const second = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: 'Also, the cart is empty.' },
    });
    expect(second.json().ticket.replyDueAt).toBe(ticket.replyDueAt);
    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Looks like the cache.', internal: true },
    });
    expect(note.json().ticket).toMatchObject({ status: 'open', replyDueAt: ticket.replyDueAt });
    const seen = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: customer.headers })).json();
    expect(seen.messages.map((m: { body: string }) => m.body)).not.toContain('Looks like the cache.');
    expect(seen.events.map((e: { type: string }) => e.type)).not.toContain('note_added');
  });

  it('an out-of-scope question is declined with its explanation, which the customer sees; their answer reopens it', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer, { subject: 'How do I center a div?', body: 'CSS question' })).json();
    const declined = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/decline`,
      headers: agent.headers,
      payload: { reason: 'out_of_scope' },
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json().ticket).toMatchObject({ status: 'resolved', resolution: 'declined', declineReason: 'out_of_scope', replyDueAt: null });
    const seen = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: customer.headers })).json();
    expect(seen.messages.at(-1)).toMatchObject({ authorRole: 'agent', internal: false });
    expect(seen.messages.at(-1).body).toContain('HTML, CSS, PHP');
    const seenByAgent = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(seenByAgent.messages[0].outcome).toBe('met');
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: "It is the product's template that breaks." },
    });
    expect(reply.json().ticket).toMatchObject({ status: 'open', resolution: null, declineReason: null });
  });

  it("the decline explanation is in the customer's language", async () => {
    const customer = await customerWith(ctx, 'fresh');
    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: { language: 'ru' } });
    const ticket = (await openTicket(ctx, customer)).json();
    const declined = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/decline`,
      headers: agent.headers,
      payload: { reason: 'not_localizable', note: 'Локальный сервер.' },
    });
    expect(declined.json().message.body).toMatch(/^Мы не можем локализовать[\s\S]*Локальный сервер\.$/);
  });

  it('a customer whose guarantee ended gets best effort: no due, in the best-effort queue, never breached', async () => {
    const customer = await customerWith(ctx, 'expired');
    const ticket = (await openTicket(ctx, customer)).json();
    expect(ticket).toMatchObject({ replyDueAt: null, guaranteed: false, status: 'open' });
    const queue = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?queue=best_effort&limit=100', headers: agent.headers })).json();
    expect(queue.items.map((t: { id: string }) => t.id)).toContain(ticket.id);
    ctx.clock.advance(20 * 24 * 3600_000);
    const later = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(later.ticket.breached).toBe(false);
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Here is how.' },
    });
    expect(reply.statusCode).toBe(201);
    const done = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(done.messages[0].outcome).toBe('best_effort');
  });

  it('a customer with only a free license can send a suggestion but not a question', async () => {
    const customer = await customerWith(ctx, 'free');
    const question = await openTicket(ctx, customer);
    expect(question.statusCode).toBe(403);
    expect(question.json().code).toBe('tickets.support_not_entitled');
    expect(question.json().detail).toMatch(/commercial license/);
    const suggestion = await openTicket(ctx, customer, { kind: 'suggestion', subject: 'Dark theme', body: 'Please add one.' });
    expect(suggestion.statusCode).toBe(201);
    expect(suggestion.json()).toMatchObject({ kind: 'suggestion', replyDueAt: null, guaranteed: false });
    const partnership = await openTicket(ctx, customer, { kind: 'partnership', subject: 'Reselling', body: 'We are an agency.' });
    expect(partnership.statusCode).toBe(201);
    const queue = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?queue=suggestions', headers: agent.headers })).json();
    expect(queue.items.map((t: { id: string }) => t.id)).toContain(suggestion.json().id);
  });

  it('a question past its due is breached, and an answer after it is recorded as breached', async () => {
    ctx.clock.set(Date.parse('2026-12-02T07:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    ctx.clock.set(Date.parse(ticket.replyDueAt) + 60_000);
    const overdue = (await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?queue=overdue&limit=100', headers: agent.headers })).json();
    expect(overdue.items.find((t: { id: string }) => t.id === ticket.id)).toMatchObject({ breached: true });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/messages`, headers: agent.headers, payload: { body: 'Sorry for the wait.' } });
    const done = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(done.messages[0].outcome).toBe('breached');
    expect(done.ticket.breached).toBe(false);
  });

  it('a customer who resolves their waiting ticket withdraws the message; a reply to a closed ticket opens a linked follow-up', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    const resolved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: customer.headers, payload: { status: 'resolved' } });
    expect(resolved.json()).toMatchObject({ status: 'resolved', replyDueAt: null });
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(detail.messages[0].outcome).toBe('withdrawn');
    const closed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers, payload: { status: 'closed' } });
    expect(closed.json().status).toBe('closed');
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: 'It broke again.' },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json()).toMatchObject({ followUp: true, ticket: { followUpOf: ticket.id, status: 'open', subject: ticket.subject } });
    expect(reply.json().ticket.id).not.toBe(ticket.id);
  });

  it('resolved tickets close by themselves after seven days without a customer reply', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Fixed.', status: 'resolved' },
    });
    ctx.clock.advance(6 * 24 * 3600_000);
    await ctx.deps.ticketActions.closeStaleResolved({ afterMs: 7 * 24 * 3600_000 });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json().ticket.status).toBe('resolved');
    ctx.clock.advance(2 * 24 * 3600_000);
    await ctx.deps.ticketActions.closeStaleResolved({ afterMs: 7 * 24 * 3600_000 });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json().ticket.status).toBe('closed');
  });

  it('an agent opens a ticket for a customer; entitlement applies as usual', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: agent.headers,
      payload: { kind: 'problem', subject: 'Phoned in', body: 'Customer called about the cart.', customerEmail: customer.email },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ customerId: customer.userId, guaranteed: true, replyDueAt: expect.any(String) });
    const free = await customerWith(ctx, 'free');
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: agent.headers,
      payload: { kind: 'problem', subject: 'x', body: 'y', customerEmail: free.email },
    });
    expect(refused.json().code).toBe('tickets.support_not_entitled');
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: agent.headers,
      payload: { kind: 'problem', subject: 'x', body: 'y' },
    });
    expect(missing.json().code).toBe('tickets.customer_required');
  });

  it('merging a duplicate moves its messages, keeping their due, and closes it', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const first = (await openTicket(ctx, customer)).json();
    ctx.clock.advance(3600_000);
    const duplicate = (await openTicket(ctx, customer, { body: 'Same problem again' })).json();
    const merged = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${duplicate.id}/merge`,
      headers: agent.headers,
      payload: { targetId: first.id },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().replyDueAt).toBe(first.replyDueAt);
    const source = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${duplicate.id}`, headers: agent.headers })).json();
    expect(source.ticket).toMatchObject({ status: 'closed', resolution: 'merged', mergedInto: first.id });
    const target = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${first.id}`, headers: agent.headers })).json();
    expect(target.messages.map((m: { replyDueAt: string }) => m.replyDueAt)).toEqual([first.replyDueAt, duplicate.replyDueAt]);
  });

  it('the customer rates a resolved ticket, and only then', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    const early = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/rating`, headers: customer.headers, payload: { rating: 5 } });
    expect(early.json().code).toBe('tickets.not_resolved');
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Done.', status: 'resolved' },
    });
    const rated = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/rating`,
      headers: customer.headers,
      payload: { rating: 4, comment: 'Quick, thanks' },
    });
    expect(rated.json()).toMatchObject({ rating: 4, ratingComment: 'Quick, thanks' });
    const byAgent = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/rating`, headers: agent.headers, payload: { rating: 1 } });
    expect(byAgent.statusCode).toBe(403);
  });

  it('every change is on the timeline with who, when and before/after', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { priority: 'high', tags: ['Cache', 'cart'], assigneeId: agent.userId },
    });
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: agent.headers })).json();
    expect(detail.ticket).toMatchObject({ priority: 'high', tags: ['cache', 'cart'], assigneeId: agent.userId });
    const types = detail.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['created', 'priority_changed', 'tags_changed', 'assigned']);
    expect(detail.events[1]).toMatchObject({ actorId: agent.userId, data: { from: 'normal', to: 'high' } });
  });
});
