import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../test/app.js';
import { TEST_DIALECTS } from '../../test/db.js';

describe.each(TEST_DIALECTS)('HTTP edge on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status, code });
  }

  it('malformed JSON is a 400 request.malformed', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expectProblem(res, 400, 'request.malformed');
  });

  it('a field of the wrong type is a 400 request.invalid naming it', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@example.test', password: 42 } });
    expectProblem(res, 400, 'request.invalid');
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('body.password');
  });

  it('a missing field is a 400 request.invalid naming it', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'a@example.test' } });
    expectProblem(res, 400, 'request.invalid');
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('body.password');
  });

  it('a body over the limit is a 413 request.too_large', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expectProblem(res, 413, 'request.too_large');
  });

  it('a body that is not JSON is a 415 request.unsupported_media_type', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expectProblem(res, 415, 'request.unsupported_media_type');
  });

  it('an unknown route is a 404 request.route_not_found', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), 404, 'request.route_not_found');
  });

  it('a known path with the wrong method is a 405 with Allow', async () => {
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/me' });
    expectProblem(res, 405, 'request.method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, PATCH');
    const withParam = await ctx.app.inject({ method: 'PUT', url: '/api/v1/tokens/3f1e1c0a-0000-4000-8000-000000000000' });
    expectProblem(withParam, 405, 'request.method_not_allowed');
    expect(withParam.headers.allow).toBe('DELETE');
  });

  it('not signed in is a 401 auth.not_signed_in', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/me' }), 401, 'auth.not_signed_in');
  });

  it('a malformed id is a 400, not a 500', async () => {
    expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/v1/users/not-a-uuid', headers: admin.headers }), 400, 'request.invalid');
  });

  it('responses carry strict security headers', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('HSTS is sent only when the public URL is HTTPS, never over plain HTTP', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const secure = await createTestContext({ dialect, config: { publicUrl: 'https://desk.example.test' } });
    try {
      const res = await secure.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await secure.close();
    }
  });

  it('/healthz answers while the process is up and /readyz checks the database', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('the OpenAPI 3.1 document describes the API and the docs UI is served', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/sign-in', '/api/v1/me', '/api/v1/tokens', '/api/v1/users/{id}']));
    const ui = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});

describe('rate limit', () => {
  it('answers 429 request.rate_limited past the configured requests per minute', async () => {
    const ctx = await createTestContext({ dialect: 'sqlite', config: { rateLimitPerMinute: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await ctx.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me' });
      expect(res.json()).toMatchObject({ code: 'request.rate_limited' });
    } finally {
      await ctx.close();
    }
  });
});
