import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../app.js';
import { TEST_DIALECTS } from '../db.js';
import { rawMail } from '../mail.js';
import { signInPasswordOnly, staffWithTwoFactor } from '../twofactor.js';
import { reveal, submittedScene } from '../vault.js';

// Every throttle, hit by PARALLEL requests at once: each throttle reserves the attempt before the
// expensive check, so the burst sees its own attempts and at most the limit are evaluated.
const PARALLEL = 200;

/** How many responses had each status. */
function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

describe.each(TEST_DIALECTS)('throttles under %i parallel requests on %s'.replace('%i', String(PARALLEL)), (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  const signIn = (email: string, password: string, remoteAddress = '203.0.113.7') =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', remoteAddress, payload: { email, password } });

  it('200 parallel wrong passwords from one address at one account evaluate at most 5; the rest are 429 with Retry-After', async () => {
    await ctx.deps.accounts.createUser({ email: 'target@example.test', name: 'Target', role: 'admin', password: TEST_PASSWORD });
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => signIn('target@example.test', `wrong-password-${i}`)));
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[401] ?? 0).toBeLessThanOrEqual(5);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(PARALLEL);
    const refused = responses.find((r) => r.statusCode === 429)!;
    expect(refused.json().code).toBe('auth.throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('the right password hidden in a burst of wrong ones from one address does not get through once the limit is spent', async () => {
    await ctx.deps.accounts.createUser({ email: 'target@example.test', name: 'Target', role: 'customer', password: TEST_PASSWORD });
    const burst = Array.from({ length: PARALLEL - 1 }, (_, i) => signIn('target@example.test', `wrong-password-${i}`));
    const responses = await Promise.all([...burst, signIn('target@example.test', TEST_PASSWORD)]);
    const counts = tally(responses.map((r) => r.statusCode));
    // At most 5 attempts were evaluated, the right one included if it was among them.
    expect((counts[401] ?? 0) + (counts[200] ?? 0)).toBeLessThanOrEqual(5);
    expect((await signIn('target@example.test', TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('a burst from one address does not lock the owner out from another address', async () => {
    await ctx.deps.accounts.createUser({ email: 'admin@example.test', name: 'Admin', role: 'admin', password: TEST_PASSWORD });
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => signIn('admin@example.test', `wrong-password-${i}`)));
    const owner = await signIn('admin@example.test', TEST_PASSWORD, '198.51.100.20');
    expect(owner.statusCode).toBe(200);
  });

  it('200 parallel guesses at one account from 200 addresses are slowed to a trickle, not evaluated in full', async () => {
    await ctx.deps.accounts.createUser({ email: 'target@example.test', name: 'Target', role: 'customer', password: TEST_PASSWORD });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => signIn('target@example.test', `wrong-${i}-password`, `10.0.${i >> 8}.${i & 255}`)),
    );
    const counts = tally(responses.map((r) => r.statusCode));
    // Ten free attempts, then one per growing delay; the clock does not move during the burst.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(11);
    expect(counts[429]).toBeGreaterThanOrEqual(PARALLEL - 11);
  });

  it('200 parallel wrong passwords at the vault reveal evaluate at most 5', async () => {
    const { agent, requestId } = await submittedScene(ctx);
    const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => reveal(ctx, agent, requestId, { password: `wrong-password-${i}` })));
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[403] ?? 0).toBeLessThanOrEqual(5);
    expect((counts[403] ?? 0) + (counts[429] ?? 0)).toBe(PARALLEL);
    expect(responses.find((r) => r.statusCode === 429)!.json().code).toBe('vault.reauth_throttled');
    expect((await reveal(ctx, agent, requestId)).statusCode).toBe(429);
  });

  const mailsTo = async (to: string) => (await ctx.deps.db.selectFrom('mail_outbox').select('id').where('to_address', '=', to).execute()).length;
  const allMails = async () => (await ctx.deps.db.selectFrom('mail_outbox').select('id').execute()).length;

  it('200 parallel password reset requests for one address queue at most 5 mails to it', async () => {
    await ctx.deps.accounts.createUser({ email: 'victim@example.test', name: 'Victim', role: 'customer', password: TEST_PASSWORD });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password-reset',
          remoteAddress: `10.3.${i >> 8}.${i & 255}`,
          payload: { email: 'victim@example.test' },
        }),
      ),
    );
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[202]).toBe(5);
    expect(counts[429]).toBe(PARALLEL - 5);
    expect(responses.find((r) => r.statusCode === 429)!.json().code).toBe('accounts.mail_throttled');
    expect(await mailsTo('victim@example.test')).toBe(5);
  });

  it('200 parallel password reset requests from one address to many recipients queue at most 20 mails', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: `person${i}@example.test` } }),
      ),
    );
    expect(tally(responses.map((r) => r.statusCode))[202]).toBe(20);
  });

  it('200 parallel sign-ups with one address make one account and at most 5 mails to it', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sign-up',
          remoteAddress: `10.4.${i >> 8}.${i & 255}`,
          payload: { email: 'new@example.test', password: TEST_PASSWORD, name: 'New' },
        }),
      ),
    );
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[500]).toBeUndefined();
    expect(counts[202]).toBeLessThanOrEqual(5);
    expect(await mailsTo('new@example.test')).toBeLessThanOrEqual(5);
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'new@example.test').execute()).toHaveLength(1);
  });

  it('200 parallel sign-ups from one address make at most 10 accounts', async () => {
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { email: `new${i}@example.test`, password: TEST_PASSWORD, name: 'New' } }),
      ),
    );
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[202]).toBe(10);
    expect(counts[429]).toBe(PARALLEL - 10);
    expect(await allMails()).toBe(10);
  });

  it('200 mails from one address read at once open at most 20 new conversations', async () => {
    await ctx.deps.accounts.createUser({ email: 'flood@example.test', name: 'Flood', role: 'customer', password: TEST_PASSWORD });
    const outcomes = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.deps.mailer.inbound.processMail({
          mailbox: { name: 'INBOX', kind: 'suggestion' },
          receivedAt: ctx.clock.now(),
          raw: rawMail({
            headers: { From: 'flood@example.test', To: 'support@example.test', Subject: `Idea ${i}`, 'Message-ID': `<flood-${i}@example.test>` },
            body: `Idea number ${i}.`,
          }),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'ticket_created')).toHaveLength(20);
    expect(outcomes.filter((o) => o.outcome === 'throttled')).toHaveLength(PARALLEL - 20);
  });

  it('200 parallel wrong second-factor codes evaluate at most 10', async () => {
    const agent = await staffWithTwoFactor(ctx);
    const pending = await signInPasswordOnly(ctx, agent.email);
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/auth/two-factor/verify',
          headers: pending.headers,
          payload: { code: String(100000 + i) },
        }),
      ),
    );
    const counts = tally(responses.map((r) => r.statusCode));
    expect(counts[401] ?? 0).toBeLessThanOrEqual(10);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(PARALLEL);
    expect(responses.find((r) => r.statusCode === 429)!.json().code).toBe('two_factor.throttled');
  });
});
