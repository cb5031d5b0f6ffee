import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../test/app.js';
import { TEST_DIALECTS } from '../../test/db.js';

// Clients say problems in their own language: every invalid field carries a stable code and the
// values its words need, beside the server's English.
describe.each(TEST_DIALECTS)('validation problems as codes on %s', (dialect) => {
  let ctx: TestContext;
  let customer: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    customer = await signInAs(ctx, { role: 'customer' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const patchMe = (payload: unknown) => ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: payload as object });

  it('an empty field is validation.required; a long one validation.too_long with its limit', async () => {
    const empty = await patchMe({ name: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'request.invalid', errors: [{ path: 'body.name', code: 'validation.required' }] });
    const long = await patchMe({ name: 'x'.repeat(201) });
    expect(long.json().errors).toEqual([{ path: 'body.name', message: expect.any(String), code: 'validation.too_long', params: { limit: 200 } }]);
  });

  it('a value outside a list names the allowed ones; a refinement names its own code', async () => {
    const language = await patchMe({ language: 'de' });
    expect(language.json().errors).toEqual([
      { path: 'body.language', message: expect.any(String), code: 'validation.invalid_value', params: { values: 'en, ru' } },
    ]);
    const nothing = await patchMe({});
    expect(nothing.json().errors).toEqual([expect.objectContaining({ code: 'validation.nothing_to_change' })]);
  });

  it('a malformed email is validation.invalid_email; a missing field validation.required', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/suggestions',
      payload: { kind: 'suggestion', name: 'A', email: 'not-mail', subject: 'S' },
    });
    const codes = Object.fromEntries((res.json().errors as { path: string; code: string }[]).map((e) => [e.path, e.code]));
    expect(codes).toEqual({ 'body.email': 'validation.invalid_email', 'body.body': 'validation.required' });
  });
});
