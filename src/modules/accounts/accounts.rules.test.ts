import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, TEST_PASSWORD, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { SUPPORT_RULES_VERSION } from './accounts.rules.js';

// The support rules are acknowledged on the account (not in a browser), with their version and
// time, and agents can see it.
describe.each(TEST_DIALECTS)('support rules acknowledgement on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const acknowledge = (caller: Caller, version: string) =>
    ctx.app.inject({ method: 'PUT', url: '/api/v1/me/support-rules', headers: caller.headers, payload: { version } });

  it('a new customer has not acknowledged the rules; acknowledging stores the version and time', async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    const before = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: customer.headers })).json();
    expect(before.supportRules).toEqual({ version: SUPPORT_RULES_VERSION, acknowledgedVersion: null, acknowledgedAt: null, isAcknowledged: false });
    const res = await acknowledge(customer, SUPPORT_RULES_VERSION);
    expect(res.statusCode).toBe(200);
    expect(res.json().supportRules).toEqual({
      version: SUPPORT_RULES_VERSION,
      acknowledgedVersion: SUPPORT_RULES_VERSION,
      acknowledgedAt: new Date(ctx.clock.now()).toISOString(),
      isAcknowledged: true,
    });
  });

  it('another sign-in (another browser) sees the acknowledgement; acknowledging again keeps the first time', async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    await acknowledge(customer, SUPPORT_RULES_VERSION);
    const firstAt = new Date(ctx.clock.now()).toISOString();
    ctx.clock.advance(3600_000);
    const second = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: customer.email, password: TEST_PASSWORD } });
    expect(second.json().user.supportRules).toMatchObject({ isAcknowledged: true, acknowledgedAt: firstAt });
    expect((await acknowledge(customer, SUPPORT_RULES_VERSION)).json().supportRules.acknowledgedAt).toBe(firstAt);
  });

  it('rules of another version are refused with 409 accounts.rules_outdated naming the current one', async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    const res = await acknowledge(customer, '1999-01');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'accounts.rules_outdated', params: { version: SUPPORT_RULES_VERSION } });
  });

  it('agents see whether and when a customer acknowledged the rules', async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    await acknowledge(customer, SUPPORT_RULES_VERSION);
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/users/${customer.userId}`, headers: agent.headers });
    expect(res.json().supportRules).toMatchObject({ acknowledgedVersion: SUPPORT_RULES_VERSION, isAcknowledged: true });
  });

  it('only customers acknowledge (403 for staff); signed-out callers get 401', async () => {
    expect((await acknowledge(agent, SUPPORT_RULES_VERSION)).statusCode).toBe(403);
    const anonymous = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/support-rules', payload: { version: SUPPORT_RULES_VERSION } });
    expect(anonymous.statusCode).toBe(401);
  });
});
