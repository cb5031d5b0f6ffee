import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

describe.each(TEST_DIALECTS)('people on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let customer: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
    agent = await signInAs(ctx, { role: 'agent' });
    customer = await signInAs(ctx, { role: 'customer' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('a customer gets 403 on agent and admin routes', async () => {
    for (const [method, url, payload] of [
      ['GET', '/api/v1/users', undefined],
      ['GET', `/api/v1/users/${agent.userId}`, undefined],
      ['POST', '/api/v1/users', { email: 'x@example.test', name: 'X', role: 'agent' }],
      ['GET', '/api/v1/tokens', undefined],
    ] as const) {
      const res = await ctx.app.inject({ method, url, headers: customer.headers, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.forbidden');
    }
  });

  it('an agent gets 403 on admin routes but may list people', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: agent.headers,
      payload: { email: 'x@example.test', name: 'X', role: 'agent' },
    });
    expect(res.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/users?role=customer', headers: agent.headers })).statusCode).toBe(200);
  });

  it('an admin creates an agent without a password, who is mailed a link to set one', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'New.Agent@example.test', name: 'New Agent', role: 'agent', language: 'ru' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'new.agent@example.test', role: 'agent', emailVerified: true, language: 'ru' });
    const mail = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'new.agent@example.test').executeTakeFirstOrThrow();
    expect(mail.template).toBe('invite');
    expect(mail.subject).toContain('Ваш личный кабинет');
  });

  it('creating a person with a taken email is a 409 accounts.email_taken, with nothing written', async () => {
    const before = await ctx.deps.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: customer.email.toUpperCase(), name: 'Dup', role: 'agent' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('accounts.email_taken');
    const after = await ctx.deps.db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('people are listed newest first, page by page', async () => {
    const first = (await ctx.app.inject({ method: 'GET', url: '/api/v1/users?limit=2', headers: admin.headers })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await ctx.app.inject({ method: 'GET', url: `/api/v1/users?limit=2&cursor=${first.nextCursor}`, headers: admin.headers })).json();
    const ids = [...first.items, ...second.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an unknown person is a 404 accounts.user_not_found', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/users/3f1e1c0a-0000-4000-8000-000000000000', headers: agent.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('accounts.user_not_found');
  });

  it('everyone edits their own language and time zone; a bad zone is refused', async () => {
    const ok = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: customer.headers,
      payload: { language: 'ru', timeZone: 'Asia/Vladivostok' },
    });
    expect(ok.json()).toMatchObject({ language: 'ru', timeZone: 'Asia/Vladivostok' });
    const bad = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: { timeZone: 'Nowhere/Land' } });
    expect(bad.json().code).toBe('accounts.invalid_time_zone');
    const empty = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: {} });
    expect(empty.statusCode).toBe(400);
  });
});
