import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, sessionHeaders, signInAs, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { codeNow, enableTwoFactor, signInPasswordOnly, staffWithTwoFactor } from '../../../test/twofactor.js';
import { reveal, submittedScene } from '../../../test/vault.js';

describe.each(TEST_DIALECTS)('two-factor sign-in on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const get = (url: string, headers: Record<string, string>) => ctx.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url, headers, ...(payload && { payload }) });

  it('an agent sets up an authenticator with a QR code, confirms it with a code and gets ten recovery codes once', async () => {
    const agent = await signInAs(ctx, { role: 'agent' });
    expect((await get('/api/v1/me/two-factor', agent.headers)).json()).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
      requiredForYou: false,
    });
    const setup = await post('/api/v1/me/two-factor/setup', agent.headers);
    expect(setup.statusCode).toBe(200);
    expect(setup.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/Supportdesk:.+\?secret=[A-Z2-7]+/);
    expect(setup.json().qrSvg).toMatch(/^<svg /);
    const wrong = await post('/api/v1/me/two-factor/enable', agent.headers, { code: '000000' });
    expect(wrong.json().code).toBe('two_factor.invalid_code');
    const enabled = await post('/api/v1/me/two-factor/enable', agent.headers, { code: await codeNow(ctx, setup.json().secret) });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().recoveryCodes).toHaveLength(10);
    expect(new Set(enabled.json().recoveryCodes).size).toBe(10);
    expect((await get('/api/v1/me/two-factor', agent.headers)).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // The session that set it up stays signed in.
    expect((await get('/api/v1/me', agent.headers)).statusCode).toBe(200);
  });

  it('after the password, a session reaches nothing until the code; the code gives a new session cookie', async () => {
    const agent = await staffWithTwoFactor(ctx);
    const pending = await signInPasswordOnly(ctx, agent.email);
    expect(pending.signIn).toBe('second_factor');
    for (const url of ['/api/v1/me', '/api/v1/tickets', '/api/v1/queues', '/api/v1/me/notifications', '/api/v1/events']) {
      const res = await get(url, pending.headers);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code, url).toBe('auth.second_factor_required');
    }
    expect((await post('/api/v1/me/two-factor/setup', pending.headers)).json().code).toBe('auth.second_factor_required');
    expect((await get('/api/v1/auth/session', pending.headers)).json().signIn).toBe('second_factor');
    const wrong = await post('/api/v1/auth/two-factor/verify', pending.headers, { code: '123456' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('two_factor.invalid_code');
    const verified = await post('/api/v1/auth/two-factor/verify', pending.headers, { code: await codeNow(ctx, agent.secret) });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().signIn).toBe('complete');
    const full = sessionHeaders(verified);
    expect(full.cookie).not.toBe(pending.headers.cookie);
    expect((await get('/api/v1/me', full)).statusCode).toBe(200);
    // The pre-code session is gone.
    expect((await get('/api/v1/auth/session', pending.headers)).statusCode).toBe(401);
  });

  it('a code works once; a recovery code works once', async () => {
    const agent = await staffWithTwoFactor(ctx);
    const code = await codeNow(ctx, agent.secret);
    const first = await signInPasswordOnly(ctx, agent.email);
    expect((await post('/api/v1/auth/two-factor/verify', first.headers, { code })).statusCode).toBe(200);
    const second = await signInPasswordOnly(ctx, agent.email);
    expect((await post('/api/v1/auth/two-factor/verify', second.headers, { code })).json().code).toBe('two_factor.invalid_code');
    const recovery = agent.recoveryCodes[0]!;
    expect((await post('/api/v1/auth/two-factor/verify', second.headers, { code: recovery.toUpperCase() })).statusCode).toBe(200);
    const third = await signInPasswordOnly(ctx, agent.email);
    expect((await post('/api/v1/auth/two-factor/verify', third.headers, { code: recovery })).json().code).toBe('two_factor.invalid_code');
  });

  it('when admins require it, a staff member without an authenticator must set one up before anything else, and cannot turn it off', async () => {
    const admin = await staffWithTwoFactor(ctx, 'admin');
    const required = await ctx.app.inject({ method: 'PUT', url: '/api/v1/settings/two-factor', headers: admin.headers, payload: { requiredForStaff: true } });
    expect(required.json()).toEqual({ requiredForStaff: true });
    const { user } = await ctx.deps.accounts.createUser({
      email: 'newagent@example.test',
      name: 'New Agent',
      role: 'agent',
      password: 'correct horse battery',
    });
    const session = await signInPasswordOnly(ctx, user.email);
    expect(session.signIn).toBe('two_factor_setup');
    const blocked = await get('/api/v1/tickets', session.headers);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('auth.two_factor_setup_required');
    const { secret } = await enableTwoFactor(ctx, { userId: user.id, email: user.email, headers: session.headers });
    expect((await get('/api/v1/tickets', session.headers)).statusCode).toBe(200);
    const off = await post('/api/v1/me/two-factor/disable', session.headers, { password: 'correct horse battery', code: await codeNow(ctx, secret) });
    expect(off.statusCode).toBe(409);
    expect(off.json().code).toBe('two_factor.required_by_policy');
    // Customers are not asked.
    const customer = await signInAs(ctx, { role: 'customer' });
    expect((await get('/api/v1/tickets', customer.headers)).statusCode).toBe(200);
  });

  it('a person turns it off with the password and a code; an admin can reset it for someone who lost both', async () => {
    const agent = await staffWithTwoFactor(ctx);
    const off = await post('/api/v1/me/two-factor/disable', agent.headers, { password: 'correct horse battery', code: await codeNow(ctx, agent.secret) });
    expect(off.statusCode).toBe(204);
    expect((await signInPasswordOnly(ctx, agent.email)).signIn).toBe('complete');
    const other = await staffWithTwoFactor(ctx);
    const admin = await signInAs(ctx, { role: 'admin' });
    expect((await post(`/api/v1/users/${other.userId}/two-factor/reset`, agent.headers)).statusCode).toBe(403);
    expect((await post(`/api/v1/users/${other.userId}/two-factor/reset`, admin.headers)).statusCode).toBe(204);
    expect((await get('/api/v1/me', other.headers)).statusCode).toBe(401);
    expect((await signInPasswordOnly(ctx, other.email)).signIn).toBe('complete');
  });

  it('the vault reveal asks for the second factor of a staff member who has one', async () => {
    const scene = await submittedScene(ctx);
    const { secret } = await enableTwoFactor(ctx, scene.agent);
    const without = await reveal(ctx, scene.agent, scene.requestId);
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('vault.second_factor_failed');
    const list = await get(`/api/v1/tickets/${scene.ticketId}/access-requests`, scene.agent.headers);
    expect(list.json().viewer.needsSecondFactor).toBe(true);
    const withCode = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/access-requests/${scene.requestId}/reveal`,
      headers: scene.agent.headers,
      payload: { password: 'correct horse battery', reason: 'Restoring the theme files now.', code: await codeNow(ctx, secret) },
    });
    expect(withCode.statusCode).toBe(200);
    const log = (await get(`/api/v1/tickets/${scene.ticketId}/access-requests`, scene.customer.headers)).json().items[0].reveals;
    expect(log.map((r: { refusal: string | null }) => r.refusal)).toEqual(['second_factor_failed', null]);
  });
});
