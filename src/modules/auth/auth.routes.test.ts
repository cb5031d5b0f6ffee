import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, lastMailLink, sessionHeaders, signInAs, TEST_PASSWORD, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

describe.each(TEST_DIALECTS)('auth on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function signUp(email: string, extra: Record<string, unknown> = {}) {
    return ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      payload: { email, password: TEST_PASSWORD, name: 'New Customer', timeZone: 'Asia/Tokyo', ...extra },
    });
  }

  it('a self sign-up is a customer whose email counts only after the mailed link is followed', async () => {
    const res = await signUp('New@Example.test ');
    expect(res.statusCode).toBe(202);
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'new@example.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'customer', email_verified_at: null, time_zone: 'Asia/Tokyo' });

    const link = await lastMailLink(ctx, { to: 'new@example.test', template: 'verify_email' });
    const token = new URL(link).searchParams.get('token');
    const early = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'new@example.test', password: TEST_PASSWORD } });
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('auth.email_not_verified');
    const verified = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token, password: TEST_PASSWORD } });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user).toMatchObject({ email: 'new@example.test', emailVerified: true, role: 'customer' });
    const session = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: sessionHeaders(verified) });
    expect(session.statusCode).toBe(200);

    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token, password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('auth.token_invalid');
  });

  it('signing up with a taken email answers the same and mails the owner instead', async () => {
    await ctx.deps.accounts.createUser({ email: 'taken@example.test', name: 'New Customer', role: 'customer', password: TEST_PASSWORD });
    const res = await signUp('taken@example.test', { name: 'Someone Else' });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'verification_sent' });
    await lastMailLink(ctx, { to: 'taken@example.test', template: 'account_exists' });
    const users = await ctx.deps.db.selectFrom('users').select('name').where('email', '=', 'taken@example.test').execute();
    expect(users).toEqual([{ name: 'New Customer' }]);
  });

  it('a sign-up name with a URL reaches the mailbox as text, never as a link from our address', async () => {
    await signUp('named@example.test', { name: 'You won! Claim at https://evil.example/claim' });
    const mail = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'named@example.test').executeTakeFirstOrThrow();
    const hrefs = [...mail.html_body!.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(1);
    expect(hrefs[0]).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=/);
    for (const part of [mail.html_body!, mail.text_body, mail.to_name!]) expect(part).not.toContain('evil.example');
  });

  it('the language is taken from the browser at sign-up when not given', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-up',
      headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' },
      payload: { email: 'ivan@example.test', password: TEST_PASSWORD, name: 'Иван' },
    });
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'ivan@example.test').executeTakeFirstOrThrow();
    expect(user.language).toBe('ru');
  });

  it('an unknown time zone at sign-up is refused with its code', async () => {
    const res = await signUp('tz@example.test', { timeZone: 'Mars/Olympus' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('accounts.invalid_time_zone');
  });

  it('sign-in sets an HttpOnly SameSite session cookie and returns a CSRF token', async () => {
    await ctx.deps.accounts.createUser({ email: 'c@example.test', name: 'C', role: 'customer', password: TEST_PASSWORD });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'C@example.test', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 30 * 24 * 3600 });
    expect(res.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    expect(res.json().serverTime).toBe('2026-11-27T16:00:00.000Z');
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    await ctx.deps.accounts.createUser({ email: 'c@example.test', name: 'C', role: 'customer', password: TEST_PASSWORD });
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: 'nope-nope-nope' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'x@example.test', password: 'nope-nope-nope' } });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('five failures from one address lock that address out of the account for a while, even with the right password, and the lock passes', async () => {
    await ctx.deps.accounts.createUser({ email: 'c@example.test', name: 'C', role: 'customer', password: TEST_PASSWORD });
    for (let i = 0; i < 5; i++)
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: 'wrong-password' } });
    const locked = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('auth.throttled');
    expect(locked.headers['retry-after']).toBeDefined();
    ctx.clock.advance(16 * 60_000);
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
  });

  it('failures from one address slow an account down for others but never lock it (admins included)', async () => {
    await ctx.deps.accounts.createUser({ email: 'a@example.test', name: 'A', role: 'admin', password: TEST_PASSWORD });
    const attempt = (password: string, remoteAddress: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress, payload: { email: 'a@example.test', password } });
    // Ten addresses, one wrong guess each: they pass freely; after them each attempt waits a growing delay.
    for (let i = 0; i < 10; i++) expect((await attempt('wrong-password', `10.1.0.${i}`)).statusCode).toBe(401);
    const slowed = await attempt(TEST_PASSWORD, '10.2.0.1');
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBe(1);
    ctx.clock.advance(1000);
    expect((await attempt(TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(200);
  });

  it('the throttle lives in the database, so a second app on the same database sees it', async () => {
    await ctx.deps.accounts.createUser({ email: 'c@example.test', name: 'C', role: 'customer', password: TEST_PASSWORD });
    for (let i = 0; i < 5; i++)
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: 'wrong-password' } });
    const { createDeps } = await import('../../deps.js');
    const { buildApp } = await import('../../http/app.js');
    const other = await buildApp(createDeps({ ...ctx.deps }));
    const res = await other.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'c@example.test', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(429);
    await other.close();
  });

  it('a cookie-authenticated write without the CSRF token is refused', async () => {
    const caller = await signInAs(ctx, { role: 'customer' });
    const withoutToken = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: caller.headers.cookie! }, payload: { name: 'X' } });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().code).toBe('auth.csrf_invalid');
    const wrongToken = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { ...caller.headers, 'x-csrf-token': 'forged' },
      payload: { name: 'X' },
    });
    expect(wrongToken.json().code).toBe('auth.csrf_invalid');
    const ok = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: caller.headers, payload: { name: 'X' } });
    expect(ok.statusCode).toBe(200);
  });

  it('sign-out ends this session only; sign-out everywhere ends them all', async () => {
    const first = await signInAs(ctx, { role: 'customer', email: 'two@example.test' });
    const second = sessionHeaders(
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'two@example.test', password: TEST_PASSWORD } }),
    );
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: first.headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: first.headers })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: second })).statusCode).toBe(200);

    const third = sessionHeaders(
      await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'two@example.test', password: TEST_PASSWORD } }),
    );
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out-everywhere', headers: third })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: second })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: third })).statusCode).toBe(401);
  });

  it('a session expires after the configured days without use', async () => {
    const caller = await signInAs(ctx, { role: 'customer' });
    ctx.clock.advance(31 * 24 * 3600_000);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: caller.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.not_signed_in');
  });

  it('a password reset link sets a new password, verifies the email and ends old sessions', async () => {
    await signUp('forgot@example.test');
    const verifyToken = new URL(await lastMailLink(ctx, { to: 'forgot@example.test', template: 'verify_email' })).searchParams.get('token');
    const old = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token: verifyToken, password: TEST_PASSWORD } });
    const oldHeaders = sessionHeaders(old);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'forgot@example.test' } })).statusCode).toBe(202);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.test' } })).statusCode).toBe(202);
    const token = new URL(await lastMailLink(ctx, { to: 'forgot@example.test', template: 'reset_password' })).searchParams.get('token');
    const reset = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'a brand new password' } });
    expect(reset.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: oldHeaders })).statusCode).toBe(401);
    const signIn = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'forgot@example.test', password: 'a brand new password' },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.emailVerified).toBe(true);
    const reused = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'another new password' } });
    expect(reused.json().code).toBe('auth.token_invalid');
  });

  it('a too short password is refused, naming the field', async () => {
    const res = await signUp('short@example.test', { password: 'short' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
    expect(res.json().errors[0].path).toBe('body.password');
  });

  it('passwords and session tokens never reach the logs', async () => {
    await signUp('logs@example.test');
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'logs@example.test', password: TEST_PASSWORD } });
    const caller = await signInAs(ctx, { role: 'agent' });
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: caller.headers });
    const all = ctx.logs.join('\n');
    expect(all).not.toContain(TEST_PASSWORD);
    expect(all).not.toContain(caller.headers.cookie!.split('=')[1]);
  });
});
