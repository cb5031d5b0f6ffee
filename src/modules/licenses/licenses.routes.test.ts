import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

const license = (overrides: Record<string, unknown> = {}) => ({
  customerEmail: 'buyer@example.test',
  customerName: 'Boris Buyer',
  product: 'DIAFAN.CMS',
  edition: 'Business',
  type: 'commercial',
  purchasedOn: '2026-03-01',
  domains: ['https://Shop.Example.test/'],
  ...overrides,
});

describe.each(TEST_DIALECTS)('licenses API on %s', (dialect) => {
  let ctx: TestContext;
  let shop: Record<string, string>;
  let admin: Caller;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    shop = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
    admin = await signInAs(ctx, { role: 'admin' });
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const put = (key: string, body: unknown, headers = shop) =>
    ctx.app.inject({ method: 'PUT', url: `/api/v1/licenses/${key}`, headers, payload: body as object });

  it('the shop creates a license (201) for an unknown email, which creates and invites a verified customer', async () => {
    const res = await put('KEY-1', license());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ key: 'KEY-1', customerEmail: 'buyer@example.test', domains: ['shop.example.test'], status: 'active', source: 'api' });
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'buyer@example.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'customer', name: 'Boris Buyer' });
    expect(user.email_verified_at).not.toBeNull();
    const mail = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'buyer@example.test').execute();
    expect(mail.map((m) => m.template)).toEqual(['invite']);
  });

  it('the same PUT twice changes nothing (200, same updatedAt, no second invite)', async () => {
    await put('KEY-IDEM', license({ customerEmail: 'idem@example.test' }));
    ctx.clock.advance(60_000);
    const first = await ctx.deps.db.selectFrom('licenses').selectAll().where('key', '=', 'KEY-IDEM').executeTakeFirstOrThrow();
    const again = await put('KEY-IDEM', license({ customerEmail: 'idem@example.test' }));
    expect(again.statusCode).toBe(200);
    const second = await ctx.deps.db.selectFrom('licenses').selectAll().where('key', '=', 'KEY-IDEM').executeTakeFirstOrThrow();
    expect(second).toEqual(first);
    const invites = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'idem@example.test').execute();
    expect(invites).toHaveLength(1);
  });

  it("a refund takes effect at once on the customer's entitlement", async () => {
    await put('KEY-REFUND', license({ customerEmail: 'refund@example.test', purchasedOn: '2026-06-01' }));
    const user = await ctx.deps.db.selectFrom('users').selectAll().where('email', '=', 'refund@example.test').executeTakeFirstOrThrow();
    const before = await ctx.app.inject({ method: 'GET', url: `/api/v1/customers/${user.id}`, headers: agent.headers });
    expect(before.json().entitlement).toEqual({ supportEligible: true, guaranteedUntil: '2027-05-31', reason: 'guaranteed' });
    const refund = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/licenses/KEY-REFUND', headers: shop, payload: { status: 'refunded' } });
    expect(refund.statusCode).toBe(200);
    expect(refund.json().status).toBe('refunded');
    const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/customers/${user.id}`, headers: agent.headers });
    expect(after.json().entitlement).toEqual({ supportEligible: false, guaranteedUntil: null, reason: 'no_commercial_license' });
  });

  it('a new customerEmail transfers the license to another customer', async () => {
    await put('KEY-MOVE', license({ customerEmail: 'seller@example.test' }));
    const moved = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/licenses/KEY-MOVE',
      headers: shop,
      payload: { customerEmail: 'new-owner@example.test' },
    });
    expect(moved.json()).toMatchObject({ customerEmail: 'new-owner@example.test' });
    const seller = await signInAs(ctx, { role: 'customer', email: 'seller-check@example.test' });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses/KEY-MOVE', headers: seller.headers })).statusCode).toBe(404);
  });

  it("a customer sees their own licenses and entitlement, and gets 404 for another customer's license", async () => {
    const customer = await signInAs(ctx, { role: 'customer', email: 'owner@example.test' });
    await put('KEY-OWN', license({ customerEmail: 'owner@example.test', purchasedOn: '2025-01-15' }));
    await put('KEY-OTHER', license({ customerEmail: 'someone-else@example.test' }));
    const mine = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/licenses', headers: customer.headers });
    expect(mine.json().items.map((l: { key: string }) => l.key)).toEqual(['KEY-OWN']);
    const entitlement = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/entitlement', headers: customer.headers });
    expect(entitlement.json()).toEqual({ supportEligible: true, guaranteedUntil: '2026-01-14', reason: 'guarantee_ended', replyTargetMinutes: 1440 });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses/KEY-OWN', headers: customer.headers })).statusCode).toBe(200);
    const other = await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses/KEY-OTHER', headers: customer.headers });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('licenses.not_found');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses', headers: customer.headers })).statusCode).toBe(403);
    expect((await put('KEY-OWN', license({ customerEmail: 'owner@example.test' }), customer.headers)).statusCode).toBe(403);
  });

  it('a customer with only a free license has no support', async () => {
    const customer = await signInAs(ctx, { role: 'customer', email: 'free@example.test' });
    await put('KEY-FREE', license({ customerEmail: 'free@example.test', type: 'free' }));
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/entitlement', headers: customer.headers });
    expect(res.json()).toEqual({ supportEligible: false, guaranteedUntil: null, reason: 'no_commercial_license', replyTargetMinutes: 1440 });
  });

  it('customers are told the reply target the admins set', async () => {
    const customer = await signInAs(ctx, { role: 'customer', email: 'target@example.test' });
    const targets = { question: 480, problem: 480, emergency: 120, suggestion: null, partnership: null };
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: targets })).statusCode).toBe(200);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/entitlement', headers: customer.headers });
    expect(res.json().replyTargetMinutes).toBe(480);
  });

  it('agents list and filter licenses; licenses:write implies licenses:read', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses?type=commercial&q=shop.example&limit=2', headers: agent.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/licenses/KEY-1', headers: shop })).statusCode).toBe(200);
  });

  it('a token narrowed to licenses:write is refused everywhere else', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/me/entitlement'],
      ['GET', '/api/v1/users'],
      ['GET', `/api/v1/customers/${agent.userId}`],
      ['POST', '/api/v1/tokens'],
    ] as const) {
      const res = await ctx.app.inject({ method, url, headers: shop, payload: method === 'POST' ? { name: 'x' } : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.scope_denied');
    }
  });

  it('an agent cannot write licenses', async () => {
    expect((await put('KEY-AGENT', license(), agent.headers)).statusCode).toBe(403);
  });

  it.each([
    [{ purchasedOn: '2025-02-30' }, 'body.purchasedOn'],
    [{ purchasedOn: '01.03.2025' }, 'body.purchasedOn'],
    [{ type: 'lifetime' }, 'body.type'],
    [{ status: 'paused' }, 'body.status'],
    [{ customerEmail: 'not-an-email' }, 'body.customerEmail'],
    [{ product: '' }, 'body.product'],
    [{ domains: ['bad domain'] }, 'body.domains.0'],
  ])('bad field %o is a 400 naming %s, with nothing written', async (override, path) => {
    const res = await put('KEY-BAD', license(override));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await ctx.deps.db.selectFrom('licenses').selectAll().where('key', '=', 'KEY-BAD').executeTakeFirst()).toBeUndefined();
  });

  it('a malformed key is a 400 and an unknown key a 404', async () => {
    expect((await put('bad key!', license())).statusCode).toBe(400);
    const missing = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/licenses/NOPE', headers: shop, payload: { status: 'revoked' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('licenses.not_found');
  });

  it("a license cannot be given to an agent's email", async () => {
    const res = await put('KEY-STAFF', license({ customerEmail: agent.email }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('licenses.not_a_customer');
    expect(admin.userId).toBeDefined();
  });
});
