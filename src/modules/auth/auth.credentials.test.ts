import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, lastMailLink, signInAs, TEST_PASSWORD, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

// Finding 7: what a password reset and "sign out everywhere" end.
describe.each(TEST_DIALECTS)('ending credentials on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const post = (url: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, headers, ...(payload && { payload }) });
  const tokenWorks = async (secret: string) =>
    (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })).statusCode === 200;
  const resetLink = async (email: string) => {
    ctx.clock.advance(1000); // the newest mail is found by its time
    await post('/api/v1/auth/password-reset', { email });
    return new URL(await lastMailLink(ctx, { to: email, template: 'reset_password' })).searchParams.get('token');
  };

  it('an older reset link stops working once another link reset the password', async () => {
    const { user } = await ctx.deps.accounts.createUser({ email: 'two-links@example.test', name: 'T', role: 'customer', password: TEST_PASSWORD });
    const first = await resetLink(user.email);
    const second = await resetLink(user.email);
    expect((await post('/api/v1/auth/password-reset/confirm', { token: second, password: 'the newest password' })).statusCode).toBe(200);
    const old = await post('/api/v1/auth/password-reset/confirm', { token: first, password: 'an attacker password' });
    expect(old.statusCode).toBe(400);
    expect(old.json().code).toBe('auth.token_invalid');
  });

  it('a password reset keeps API tokens unless the person chooses to revoke them', async () => {
    const caller = await signInAs(ctx, { role: 'agent', email: 'tokens@example.test' });
    const kept = await ctx.deps.tokens.createToken({ userId: caller.userId, name: 'integration', scopes: [] });
    expect((await post('/api/v1/auth/password-reset/confirm', { token: await resetLink(caller.email), password: 'first new password' })).statusCode).toBe(200);
    expect(await tokenWorks(kept.secret)).toBe(true);
    const revoked = await post('/api/v1/auth/password-reset/confirm', {
      token: await resetLink(caller.email),
      password: 'second new password',
      revokeTokens: true,
    });
    expect(revoked.statusCode).toBe(200);
    expect(await tokenWorks(kept.secret)).toBe(false);
  });

  it('"sign out everywhere" keeps API tokens unless asked, and ends unused mailed links too', async () => {
    const caller = await signInAs(ctx, { role: 'agent' });
    const token = await ctx.deps.tokens.createToken({ userId: caller.userId, name: 'integration', scopes: [] });
    const link = await resetLink(caller.email);
    expect((await post('/api/v1/auth/sign-out-everywhere', undefined, caller.headers)).statusCode).toBe(204);
    expect(await tokenWorks(token.secret)).toBe(true);
    expect((await post('/api/v1/auth/password-reset/confirm', { token: link, password: 'too late for this' })).json().code).toBe('auth.token_invalid');
    const again = await signInAs(ctx, { role: 'agent' });
    const other = await ctx.deps.tokens.createToken({ userId: again.userId, name: 'integration', scopes: [] });
    expect((await post('/api/v1/auth/sign-out-everywhere', { revokeTokens: true }, again.headers)).statusCode).toBe(204);
    expect(await tokenWorks(other.secret)).toBe(false);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: again.headers })).statusCode).toBe(401);
  });
});
