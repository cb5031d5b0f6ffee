import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, lastMailLink, sessionHeaders, TEST_PASSWORD, tokenFor, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

// Account pre-hijacking (finding 2): someone signs up with another person's address before they
// do. They must gain nothing from an address they never proved: no sign-in, no licenses, and
// nothing left once the owner proves it.
describe.each(TEST_DIALECTS)('no account pre-hijacking on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const ATTACKER_PASSWORD = 'attacker chose this one';
  const OWNER_PASSWORD = 'the owner chose this one';
  const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url, payload, headers });
  const signIn = (password: string) => post('/api/v1/auth/sign-in', { email: 'victim@example.test', password });
  const tokenOf = (link: string) => new URL(link).searchParams.get('token');

  async function attackerSignsUp() {
    const res = await post('/api/v1/auth/sign-up', { email: 'victim@example.test', password: ATTACKER_PASSWORD, name: 'Attacker' });
    expect(res.statusCode).toBe(202);
  }

  async function shopPushesLicense() {
    const shop = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
    const res = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/licenses/KEY-VICTIM',
      headers: shop,
      payload: {
        customerEmail: 'victim@example.test',
        customerName: 'Vera Victim',
        product: 'DIAFAN.CMS',
        type: 'commercial',
        purchasedOn: '2026-06-01',
        domains: ['victim.example.test'],
      },
    });
    expect(res.statusCode).toBe(201);
  }

  it('an unverified sign-up cannot sign in: the right password says to confirm the address, a wrong one stays a plain 401', async () => {
    await attackerSignsUp();
    const right = await signIn(ATTACKER_PASSWORD);
    expect(right.statusCode).toBe(403);
    expect(right.json().code).toBe('auth.email_not_verified');
    expect(right.cookies).toEqual([]);
    const wrong = await signIn('not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
  });

  it("the shop's license for the address resets the unverified sign-up and invites the owner; only the owner ever gets in", async () => {
    await attackerSignsUp();
    await shopPushesLicense();
    // The attacker's password is gone, and so is the name they chose.
    expect((await signIn(ATTACKER_PASSWORD)).json().code).toBe('auth.invalid_credentials');
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'victim@example.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: 'Vera Victim', password_hash: null });
    expect(user.email_verified_at).not.toBeNull();
    // The verification link the attacker's sign-up mailed no longer works either.
    const staleVerify = tokenOf(await lastMailLink(ctx, { to: 'victim@example.test', template: 'verify_email' }));
    expect((await post('/api/v1/auth/verify-email', { token: staleVerify, password: ATTACKER_PASSWORD })).json().code).toBe('auth.token_invalid');
    // The owner is invited, sets a password and finds the license.
    const invite = tokenOf(await lastMailLink(ctx, { to: 'victim@example.test', template: 'invite' }));
    expect((await post('/api/v1/auth/password-reset/confirm', { token: invite, password: OWNER_PASSWORD })).statusCode).toBe(200);
    const owner = await signIn(OWNER_PASSWORD);
    expect(owner.statusCode).toBe(200);
    const entitlement = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/entitlement', headers: sessionHeaders(owner) });
    expect(entitlement.json()).toMatchObject({ supportEligible: true });
  });

  it("the owner who follows the link the attacker's sign-up mailed chooses the password; the attacker's stops working", async () => {
    await attackerSignsUp();
    const token = tokenOf(await lastMailLink(ctx, { to: 'victim@example.test', template: 'verify_email' }));
    const verified = await post('/api/v1/auth/verify-email', { token, password: OWNER_PASSWORD });
    expect(verified.statusCode).toBe(200);
    expect((await signIn(ATTACKER_PASSWORD)).json().code).toBe('auth.invalid_credentials');
    expect((await signIn(OWNER_PASSWORD)).statusCode).toBe(200);
  });

  it('verifying ends every session and token the account had before', async () => {
    await attackerSignsUp();
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'victim@example.test').executeTakeFirstOrThrow();
    // Sessions and tokens that might exist before verification (an admin's token, a session started by hand).
    const early = await ctx.deps.auth.startSession({ user });
    const { secret } = await ctx.deps.tokens.createToken({ userId: user.id, name: 'early', scopes: [] });
    const token = tokenOf(await lastMailLink(ctx, { to: 'victim@example.test', template: 'verify_email' }));
    expect((await post('/api/v1/auth/verify-email', { token, password: OWNER_PASSWORD })).statusCode).toBe(200);
    const bySession = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `sd_session=${early.token}` } });
    expect(bySession.statusCode).toBe(401);
    const byToken = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
    expect(byToken.statusCode).toBe(401);
  });

  it('a new verification link is mailed on request to unverified accounts only, with the same answer for every address', async () => {
    await attackerSignsUp();
    await ctx.deps.accounts.createUser({ email: 'verified@example.test', name: 'V', role: 'customer', password: TEST_PASSWORD });
    for (const email of ['victim@example.test', 'verified@example.test', 'nobody@example.test']) {
      const res = await post('/api/v1/auth/verify-email/resend', { email });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ status: 'verification_sent' });
    }
    const mails = await ctx.deps.db.selectFrom('mail_outbox').select(['to_address', 'template']).orderBy('created_at').execute();
    expect(mails).toEqual([
      { to_address: 'victim@example.test', template: 'verify_email' },
      { to_address: 'victim@example.test', template: 'verify_email' },
    ]);
  });

  it('signing up again on an unverified address mails the owner "you already have an account", not the attacker a session', async () => {
    await attackerSignsUp();
    await attackerSignsUp();
    const mails = await ctx.deps.db.selectFrom('mail_outbox').select('template').where('to_address', '=', 'victim@example.test').execute();
    expect(mails.map((m) => m.template)).toEqual(['verify_email', 'account_exists']);
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'victim@example.test').executeTakeFirstOrThrow();
    expect(user.email_verified_at).toBeNull();
  });
});
