import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';

describe.each(TEST_DIALECTS)('API tokens on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it("a bearer token acts with its user's role, needs no CSRF token, and is stored only as a hash", async () => {
    const { headers, tokenId } = await tokenFor(ctx, { role: 'agent' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.json().role).toBe('agent');
    const patch = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { language: 'ru' } });
    expect(patch.statusCode).toBe(200);
    const row = await ctx.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(headers.authorization).not.toContain(row.token_hash);
  });

  it('a revoked token gets 401', async () => {
    const { headers, tokenId } = await tokenFor(ctx, { role: 'agent' });
    await ctx.deps.tokens.revokeToken({ id: tokenId });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.invalid_token');
  });

  it('an unknown or malformed bearer token gets 401', async () => {
    for (const authorization of ['Bearer sdt_nope', 'Basic abc', 'Bearer']) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('auth.invalid_token');
    }
  });

  it('a token narrowed to licenses:write is refused on routes outside its scope', async () => {
    const { headers } = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] });
    for (const [method, url] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/tokens'],
    ] as const) {
      const res = await ctx.app.inject({ method, url, headers });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('auth.scope_denied');
    }
  });

  it('staff create and revoke their own tokens over the API; the secret is shown once', async () => {
    const agent = await signInAs(ctx, { role: 'agent' });
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: agent.headers,
      payload: { name: 'shop', scopes: ['licenses:write'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^sdt_/);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: agent.headers });
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: agent.headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('an unknown scope is refused', async () => {
    const agent = await signInAs(ctx, { role: 'agent' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: agent.headers, payload: { name: 'x', scopes: ['tickets:everything'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('tokens.unknown_scope');
  });

  it("an agent cannot see or revoke another person's token (404), an admin can", async () => {
    const other = await tokenFor(ctx, { role: 'agent' });
    const agent = await signInAs(ctx, { role: 'agent' });
    const admin = await signInAs(ctx, { role: 'admin' });
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.tokenId}`, headers: agent.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${other.tokenId}`, headers: admin.headers })).statusCode).toBe(204);
  });

  it('customers cannot manage tokens', async () => {
    const customer = await signInAs(ctx, { role: 'customer' });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: customer.headers, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.forbidden');
  });
});
