// Helpers for two-factor tests: an authenticator app, played by otplib on the test clock.
import { generate } from 'otplib';
import { sessionHeaders, signInAs, TEST_PASSWORD, type Caller, type TestContext } from './app.js';

/** The code an authenticator app shows now (by the test clock). */
export function codeNow(ctx: TestContext, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(ctx.clock.now() / 1000) });
}

/** Sets up and confirms an authenticator for a signed-in caller; returns its secret and recovery codes. */
export async function enableTwoFactor(ctx: TestContext, caller: Caller): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await ctx.app.inject({ method: 'POST', url: '/api/v1/me/two-factor/setup', headers: caller.headers });
  if (setup.statusCode !== 200) throw new Error(`setup failed: ${setup.body}`);
  const secret = setup.json().secret as string;
  const enabled = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/me/two-factor/enable',
    headers: caller.headers,
    payload: { code: await codeNow(ctx, secret) },
  });
  if (enabled.statusCode !== 200) throw new Error(`enable failed: ${enabled.body}`);
  // The next code must come from a later time step: each step's code works once.
  ctx.clock.advance(30_000);
  return { secret, recoveryCodes: enabled.json().recoveryCodes };
}

/** Signs in with the password only: the session then owes its second factor (or its setup). */
export async function signInPasswordOnly(ctx: TestContext, email: string): Promise<{ headers: Record<string, string>; signIn: string }> {
  const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: TEST_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  return { headers: sessionHeaders(res), signIn: res.json().signIn };
}

/** A staff member with two-factor sign-in on, fully signed in. */
export async function staffWithTwoFactor(ctx: TestContext, role: 'agent' | 'admin' = 'agent') {
  const caller = await signInAs(ctx, { role });
  const factor = await enableTwoFactor(ctx, caller);
  return { ...caller, ...factor };
}
