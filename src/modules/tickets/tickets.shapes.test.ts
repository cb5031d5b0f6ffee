import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

// Finding 8: each role receives only what its screens show. Customers never get how support
// organises and measures its work (priority, assignee, tags, breach flags, per-message outcomes).
const INTERNAL_TICKET_FIELDS = ['priority', 'assigneeId', 'tags', 'breached', 'lastCustomerMessageAt', 'lastAgentReplyAt'];
const INTERNAL_MESSAGE_FIELDS = ['answeredAt', 'outcome'];

describe.each(TEST_DIALECTS)('ticket shapes per role on %s', (dialect) => {
  let ctx: TestContext;
  let customer: Caller;
  let agent: Caller;
  let ticketId: string;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    customer = await customerWith(ctx, 'fresh');
    agent = await signInAs(ctx, { role: 'agent' });
    const opened = await openTicket(ctx, customer);
    ticketId = opened.json().id;
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticketId}`,
      headers: agent.headers,
      payload: { priority: 'urgent', tags: ['vip-watch'], assigneeId: agent.userId },
    });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: agent.headers, payload: { body: 'Looking.' } });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const expectNone = (object: Record<string, unknown>, fields: string[]) => {
    for (const field of fields) expect(object, field).not.toHaveProperty(field);
  };
  const expectAll = (object: Record<string, unknown>, fields: string[]) => {
    for (const field of fields) expect(object, field).toHaveProperty(field);
  };

  it("a customer's ticket list, ticket page, new ticket and new message carry no internal fields", async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: customer.headers });
    expect(list.json().items.length).toBeGreaterThan(0);
    for (const item of list.json().items) expectNone(item, INTERNAL_TICKET_FIELDS);
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: customer.headers })).json();
    expectNone(detail.ticket, INTERNAL_TICKET_FIELDS);
    expect(detail.messages.length).toBe(2);
    for (const message of detail.messages) expectNone(message, INTERNAL_MESSAGE_FIELDS);
    expect(JSON.stringify(detail)).not.toContain('vip-watch');
    const created = await openTicket(ctx, customer, { subject: 'Another one' });
    expectNone(created.json(), INTERNAL_TICKET_FIELDS);
    const posted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticketId}/messages`,
      headers: customer.headers,
      payload: { body: 'Thanks.' },
    });
    expectNone(posted.json().ticket, INTERNAL_TICKET_FIELDS);
    expectNone(posted.json().message, INTERNAL_MESSAGE_FIELDS);
    const resolved = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticketId}`, headers: customer.headers, payload: { status: 'resolved' } });
    expect(resolved.statusCode).toBe(200);
    expectNone(resolved.json(), INTERNAL_TICKET_FIELDS);
    const rated = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/rating`, headers: customer.headers, payload: { rating: 4 } });
    expectNone(rated.json(), INTERNAL_TICKET_FIELDS);
  });

  it('agents still receive every field', async () => {
    const detail = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticketId}`, headers: agent.headers })).json();
    expectAll(detail.ticket, INTERNAL_TICKET_FIELDS);
    expect(detail.ticket).toMatchObject({ priority: 'urgent', tags: ['vip-watch'], assigneeId: agent.userId });
    for (const message of detail.messages) expectAll(message, INTERNAL_MESSAGE_FIELDS);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?queue=all', headers: agent.headers });
    for (const item of list.json().items) expectAll(item, INTERNAL_TICKET_FIELDS);
  });
});
