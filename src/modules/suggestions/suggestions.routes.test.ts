import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, lastMailLink, signInAs, TEST_PASSWORD, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

const HOUR = 3600_000;

describe.each(TEST_DIALECTS)('the public suggestion form on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx.close();
  });

  let sequence = 0;
  const freshAddress = () => `sender-${++sequence}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  const send = (payload: Record<string, unknown>, remoteAddress = '203.0.113.1') =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/suggestions',
      remoteAddress,
      payload: { kind: 'suggestion', name: 'Sam Sender', subject: 'A dark theme', body: 'Please add a dark theme to the admin panel.', ...payload },
    });
  const confirm = (token: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/suggestions/confirm', payload: { token } });
  const tokenOf = async (email: string) => new URL(await lastMailLink(ctx, { to: email, template: 'suggestion_confirm' })).searchParams.get('token')!;
  const ticketsOf = (email: string) =>
    ctx.deps.db.selectFrom('tickets').innerJoin('users', 'users.id', 'tickets.customer_id').selectAll('tickets').where('users.email', '=', email).execute();

  it('a sent form mails a confirmation link and opens nothing until the address is confirmed', async () => {
    const email = freshAddress();
    const res = await send({ email, language: 'ru' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'confirmation_sent' });
    const link = await lastMailLink(ctx, { to: email, template: 'suggestion_confirm' });
    expect(link).toMatch(/\/suggest\/confirm\?token=/);
    const mail = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    expect(mail.language).toBe('ru');
    expect(mail.text_body).toContain('«A dark theme»');
    expect(await ticketsOf(email)).toEqual([]);
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('confirming opens the ticket in a new, verified account of that address, mailed a link to set a password', async () => {
    const email = freshAddress();
    await send({ email, kind: 'partnership', subject: 'Reselling licenses', timeZone: 'Asia/Yekaterinburg' });
    const res = await confirm(await tokenOf(email));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'partnership', isNewAccount: true, ticketNumber: expect.any(Number) });
    const [ticket] = await ticketsOf(email);
    expect(ticket).toMatchObject({ kind: 'partnership', subject: 'Reselling licenses', status: 'open', reply_due_at: null, number: res.json().ticketNumber });
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'customer', name: 'Sam Sender', time_zone: 'Asia/Yekaterinburg', password_hash: null });
    expect(user.email_verified_at).not.toBeNull();
    expect(await lastMailLink(ctx, { to: email, template: 'invite' })).toMatch(/\/reset-password\?token=/);
  });

  it('the same link twice, or twice at once, opens one ticket', async () => {
    const email = freshAddress();
    await send({ email });
    const token = await tokenOf(email);
    const [a, b] = await Promise.all([confirm(token), confirm(token)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().ticketNumber).toBe(b.json().ticketNumber);
    const again = await confirm(token);
    expect(again.json().ticketNumber).toBe(a.json().ticketNumber);
    expect(await ticketsOf(email)).toHaveLength(1);
  });

  it("an existing customer's request joins their account, which keeps its password", async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    await send({ email: customer.email.toUpperCase() });
    const res = await confirm(await tokenOf(customer.email));
    expect(res.json()).toMatchObject({ isNewAccount: false });
    expect(await ticketsOf(customer.email)).toHaveLength(1);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: customer.headers });
    expect(list.json().items).toHaveLength(1);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: customer.email, password: TEST_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
  });

  it('a staff address cannot open a customer ticket this way (409 suggestions.address_unavailable)', async () => {
    const agent = await signInAs(ctx, { role: 'agent' });
    await send({ email: agent.email });
    const res = await confirm(await tokenOf(agent.email));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('suggestions.address_unavailable');
  });

  it('the hidden field filled in: the same answer, but no mail and nothing kept', async () => {
    const email = freshAddress();
    const res = await send({ email, website: 'http://spam.example' });
    expect(res.statusCode).toBe(202);
    expect(await ctx.deps.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).toEqual([]);
    expect(await ctx.deps.db.selectFrom('suggestion_requests').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('an address may send 3 requests a day; the 4th is 429 suggestions.too_many with Retry-After', async () => {
    const email = freshAddress();
    for (let i = 0; i < 3; i++) expect((await send({ email }, `198.51.100.${i}`)).statusCode).toBe(202);
    const refused = await send({ email }, '198.51.100.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'suggestions.too_many', params: { minutes: 1440 } });
    expect(Number(refused.headers['retry-after'])).toBe(24 * 3600);
    ctx.clock.advance(24 * HOUR + 1000);
    expect((await send({ email }, '198.51.100.10')).statusCode).toBe(202);
  });

  it('one network address may send 10 requests an hour, whatever the addresses', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 10; i++) expect((await send({ email: freshAddress() }, ip)).statusCode).toBe(202);
    const refused = await send({ email: freshAddress() }, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('suggestions.too_many');
  });

  it('200 requests for one address at once: exactly 3 are kept', async () => {
    const email = freshAddress();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => send({ email }, `10.0.${Math.floor(i / 250)}.${i % 250}`)));
    expect(results.filter((r) => r.statusCode === 202)).toHaveLength(3);
    expect(results.filter((r) => r.statusCode === 429)).toHaveLength(197);
    expect(await ctx.deps.db.selectFrom('suggestion_requests').select('id').where('email', '=', email).execute()).toHaveLength(3);
  });

  it('an unknown or expired link is 400 suggestions.link_invalid', async () => {
    expect((await confirm('not-a-token')).json()).toMatchObject({ status: 400, code: 'suggestions.link_invalid' });
    const email = freshAddress();
    await send({ email });
    const token = await tokenOf(email);
    ctx.clock.advance(49 * HOUR);
    const res = await confirm(token);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('suggestions.link_invalid');
    expect(await ticketsOf(email)).toEqual([]);
  });

  it('support kinds cannot be sent through the public form (400 with the field and its code)', async () => {
    const res = await send({ email: freshAddress(), kind: 'question' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body.kind', code: 'validation.invalid_value' })]);
  });

  it('requests never confirmed are forgotten after 30 days', async () => {
    const email = freshAddress();
    await send({ email });
    ctx.clock.advance(31 * 24 * HOUR);
    expect(await ctx.deps.suggestions.purgeUnconfirmed()).toBeGreaterThan(0);
    expect(await ctx.deps.db.selectFrom('suggestion_requests').select('id').where('email', '=', email).execute()).toEqual([]);
  });
});
