import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, TEST_PASSWORD, tokenFor, type Caller, type TestContext } from '../app.js';
import { TEST_DIALECTS } from '../db.js';
import { rawMail } from '../mail.js';
import { customerWith, openTicket } from '../tickets.js';

// Input at the edges (findings 5 and 7): NUL characters, huge tickets, direction overrides. Each is
// a clean 4xx or a success, the same on both databases.
describe.each(TEST_DIALECTS)('input at the edges on %s', (dialect) => {
  let ctx: TestContext;
  let customer: Caller;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    customer = await customerWith(ctx, 'fresh');
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const expectInvalid = (res: { statusCode: number; json(): { code: string } }) => {
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  };

  it('a NUL character in any text field or filter is a 400, sign-up included', async () => {
    expectInvalid(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-up',
        payload: { email: 'n@example.test', password: TEST_PASSWORD, name: 'Nul\u0000Name' },
      }),
    );
    expectInvalid(await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'n@example.test', password: 'pass\u0000word' } }));
    expectInvalid(await openTicket(ctx, customer, { subject: 'Sub\u0000ject' }));
    expectInvalid(await openTicket(ctx, customer, { body: 'Body with \u0000 inside' }));
    expectInvalid(await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?q=%00', headers: agent.headers }));
    expectInvalid(await ctx.app.inject({ method: 'GET', url: '/api/v1/users?q=a%00b', headers: agent.headers }));
    const shop = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
    expectInvalid(
      await ctx.app.inject({
        method: 'PUT',
        url: '/api/v1/licenses/K%00Y',
        headers: shop,
        payload: { customerEmail: 'x@example.test', product: 'P', type: 'commercial', purchasedOn: '2026-01-01', domains: [] },
      }),
    );
    expectInvalid(
      await ctx.app.inject({
        method: 'PUT',
        url: '/api/v1/licenses/KEY-NUL',
        headers: shop,
        payload: { customerEmail: 'x@example.test', customerName: 'A\u0000B', product: 'P', type: 'commercial', purchasedOn: '2026-01-01', domains: [] },
      }),
    );
  });

  it('a ticket grown past 1 MB of text keeps taking messages and stays searchable by its start', async () => {
    const opened = await openTicket(ctx, customer, { subject: 'Huge log ahead', body: 'zyxwvutsrq marker at the start' });
    const id = opened.json().id as string;
    let seed = 1;
    // Distinct pseudo-random words: the worst case for a full-text document.
    const words = (n: number) =>
      Array.from({ length: n }, () => {
        seed = (seed * 48271) % 2147483647;
        return seed.toString(36);
      }).join(' ');
    for (let i = 0; i < 25; i++) {
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${id}/messages`, headers: customer.headers, payload: { body: words(6000) } });
      expect(res.statusCode, `message ${i}`).toBe(201);
    }
    const total = await ctx.deps.db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', id).execute();
    expect(total.reduce((n, m) => n + m.body.length, 0)).toBeGreaterThan(1_000_000);
    const found = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets?q=zyxwvutsrq', headers: agent.headers });
    expect(found.json().items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('right-to-left overrides are removed from names and subjects', async () => {
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: { name: 'Evil\u202Enimda' } });
    expect(res.json().name).toBe('Evilnimda');
    const opened = await openTicket(ctx, customer, { subject: 'Invoice \u202Efdp.exe\u202C attached' });
    expect(opened.json().subject).toBe('Invoice fdp.exe attached');
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${opened.json().id}`,
      headers: agent.headers,
      payload: { subject: '\u2067Renamed\u2069' },
    });
    expect(renamed.json().subject).toBe('Renamed');
    const { user } = await ctx.deps.accounts.createUser({ email: 'rtl@example.test', name: 'Shop \u202Dname', role: 'customer' });
    expect(user.name).toBe('Shop name');
  });

  it('a mail carrying NUL characters becomes a ticket without them', async () => {
    const result = await ctx.deps.mailer.inbound.processMail({
      mailbox: { name: 'INBOX', kind: 'suggestion' },
      receivedAt: ctx.clock.now(),
      raw: rawMail({
        headers: { From: customer.email, To: 'support@example.test', Subject: 'Idea\u0000 here', 'Message-ID': '<nul@example.test>' },
        body: 'Text\u0000with a NUL.',
      }),
    });
    expect(result.outcome).toBe('ticket_created');
    const ticket = await ctx.deps.db.selectFrom('tickets').select('subject').where('id', '=', result.ticketId!).executeTakeFirstOrThrow();
    expect(ticket.subject).toBe('Idea here');
  });
});
