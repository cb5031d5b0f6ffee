import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type TestContext } from '../app.js';
import { TEST_DIALECTS } from '../db.js';
import { signInPasswordOnly, staffWithTwoFactor } from '../twofactor.js';

// "A staff member with two-factor sign-in required cannot reach any page or API without it":
// every operation of the OpenAPI document that needs a signed-in caller refuses a session that has
// not proven its second factor, and one that must first set it up, except the steps that finish
// signing in. (Signing out is one of them too; it is left to the end, as it ends the session.)
const FINISHING_STEPS: Record<string, string[]> = {
  second_factor: ['GET /api/v1/auth/session', 'POST /api/v1/auth/two-factor/verify', 'GET /api/v1/me/two-factor'],
  two_factor_setup: [
    'GET /api/v1/auth/session',
    'POST /api/v1/auth/two-factor/verify',
    'GET /api/v1/me/two-factor',
    'POST /api/v1/me/two-factor/setup',
    'POST /api/v1/me/two-factor/enable',
  ],
};

function codeOf(res: { body: string }): string | undefined {
  try {
    return (JSON.parse(res.body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

describe.each(TEST_DIALECTS)('the two-factor gate over every operation on %s', (dialect) => {
  let ctx: TestContext;
  const sessions: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    const admin = await staffWithTwoFactor(ctx, 'admin');
    sessions.second_factor = (await signInPasswordOnly(ctx, admin.email)).headers;
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/settings/two-factor', headers: admin.headers, payload: { requiredForStaff: true } });
    const agent = await signInAs(ctx, { role: 'agent' });
    sessions.two_factor_setup = agent.headers;
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it.each(['second_factor', 'two_factor_setup'])('a session in state %s reaches no operation but the steps that finish signing in', async (state) => {
    const doc = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const refused: string[] = [];
    const reached: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item).map((m) => m.toUpperCase())) {
        const key = `${method} ${path}`;
        if (key === 'POST /api/v1/auth/sign-out') continue;
        const url = path.replace(/\{\w+\}/g, randomUUID());
        const payload = method === 'GET' ? {} : { payload: {} };
        const anonymous = await ctx.app.inject({ method: method as 'GET', url, ...payload });
        if (codeOf(anonymous) !== 'auth.not_signed_in') continue; // a public operation
        const res = await ctx.app.inject({ method: method as 'GET', url, headers: sessions[state]!, ...payload });
        const expected = state === 'second_factor' ? 'auth.second_factor_required' : 'auth.two_factor_setup_required';
        // Refused for the role first (an admins' operation, a customers' one) is refused all the same.
        if (codeOf(res) === expected || codeOf(res) === 'auth.forbidden') refused.push(key);
        else reached.push(key);
      }
    }
    expect(reached.sort()).toEqual([...FINISHING_STEPS[state]!].sort());
    expect(refused.length).toBeGreaterThan(50);
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: sessions[state]! });
    expect(out.statusCode).toBe(204);
  });
});
