import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

// R6 as the customer lives it: a decline says why, asks for nothing to rate, and the customer's
// answer with better information opens the ticket again.
describe.each(TEST_DIALECTS)('a declined ticket, from the customer side, on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent', name: 'Anna Agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function declined(reason = 'unclear') {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/decline`, headers: agent.headers, payload: { reason } });
    expect(res.statusCode).toBe(200);
    return { customer, ticketId: ticket.id as string };
  }

  it('the customer sees the decline, its reason and the explanation on the timeline', async () => {
    const { customer, ticketId } = await declined('out_of_scope');
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: customer.headers })).json();
    expect(detail.ticket).toMatchObject({ status: 'resolved', resolution: 'declined', declineReason: 'out_of_scope' });
    const event = detail.events.find((e: { type: string }) => e.type === 'declined');
    expect(event.data).toMatchObject({ reason: 'out_of_scope' });
    const explanation = detail.messages.find((m: { id: string }) => m.id === event.data.messageId);
    expect(explanation).toMatchObject({ authorRole: 'agent', internal: false });
    expect(explanation.body).toContain('general web development');
  });

  it('a declined ticket cannot be rated (409 tickets.declined_not_rated)', async () => {
    const { customer, ticketId } = await declined();
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/rating`, headers: customer.headers, payload: { rating: 1 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('tickets.declined_not_rated');
  });

  it('the decline mail invites an answer and carries no rating link', async () => {
    const { customer, ticketId } = await declined();
    const mail = await ctx.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .where('to_address', '=', customer.email)
      .where('template', '=', 'agent_reply')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('the ticket opens again');
    expect(mail.text_body).not.toContain('#rating');
    expect(mail.text_body).not.toMatch(/rate/i);
  });

  it("the customer's answer reopens the ticket, clears the decline and starts a new reply clock", async () => {
    const { customer, ticketId } = await declined();
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/messages`,
      headers: customer.headers,
      payload: { body: 'Here are the steps: open the catalog, click page 2, error 500 appears.' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ followUp: false, ticket: { id: ticketId, status: 'open', resolution: null, declineReason: null, guaranteed: true } });
    expect(res.json().ticket.replyDueAt).not.toBeNull();
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: customer.headers })).json();
    expect(detail.events.at(-2)).toMatchObject({ type: 'status_changed', data: { from: 'resolved', to: 'open', why: 'customer_reply' } });
  });

  it('once answered and resolved as usual, the ticket can be rated', async () => {
    const { customer, ticketId } = await declined();
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: customer.headers, payload: { body: 'More details.' } });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/messages`,
      headers: agent.headers,
      payload: { body: 'Fixed.', status: 'resolved' },
    });
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/rating`, headers: customer.headers, payload: { rating: 5 } });
    expect(res.statusCode).toBe(200);
  });
});
