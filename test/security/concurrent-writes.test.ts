import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, tokenFor, type TestContext } from '../app.js';
import { TEST_DIALECTS } from '../db.js';

// Identical writes arriving together (finding 5): each is a success or a clean 4xx, never a 500.
const PARALLEL = 200;

describe.each(TEST_DIALECTS)('identical concurrent writes on %s', (dialect) => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('200 identical license PUTs from the shop all succeed: one creates, the rest change nothing', async () => {
    const shop = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
    const body = {
      customerEmail: 'buyer@example.test',
      customerName: 'Boris Buyer',
      product: 'DIAFAN.CMS',
      type: 'commercial',
      purchasedOn: '2026-06-01',
      domains: ['shop.example.test'],
    };
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => ctx.app.inject({ method: 'PUT', url: '/api/v1/licenses/KEY-RACE', headers: shop, payload: body })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PARALLEL - 1);
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'buyer@example.test').execute()).toHaveLength(1);
    expect(await ctx.deps.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'buyer@example.test').execute()).toHaveLength(1);
  });

  it('200 PUTs of one new customer under different keys make one customer and every license', async () => {
    const shop = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        ctx.app.inject({
          method: 'PUT',
          url: `/api/v1/licenses/KEY-${i}`,
          headers: shop,
          payload: { customerEmail: 'many@example.test', product: 'DIAFAN.CMS', type: 'commercial', purchasedOn: '2026-06-01', domains: [] },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    expect(await ctx.deps.db.selectFrom('users').select('id').where('email', '=', 'many@example.test').execute()).toHaveLength(1);
    expect(await ctx.deps.db.selectFrom('licenses').select('id').execute()).toHaveLength(PARALLEL);
  });
});
