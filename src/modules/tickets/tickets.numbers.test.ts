import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

describe.each(TEST_DIALECTS)('ticket numbers on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('200 tickets opened at once get 200 different numbers, each the one stored', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => openTicket(ctx, customer, { subject: `Question ${i}` })));
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 201));
    const answered = responses.map((r) => r.json() as { id: string; number: number });
    expect(new Set(answered.map((t) => t.number)).size).toBe(200);
    const stored = await ctx.deps.db.selectFrom('tickets').select(['id', 'number']).execute();
    const byId = new Map(stored.map((t) => [t.id, t.number]));
    expect(answered.every((t) => byId.get(t.id) === t.number)).toBe(true);
  });

  it('a creation that fails takes no number another ticket then shows twice', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const first = (await openTicket(ctx, customer)).json() as { number: number };
    // Refused before anything is written (a license that is not theirs).
    expect((await openTicket(ctx, customer, { licenseKey: 'NOT-THEIRS' })).statusCode).toBe(404);
    const second = (await openTicket(ctx, customer)).json() as { number: number };
    expect(second.number).toBeGreaterThan(first.number);
    const numbers = (await ctx.deps.db.selectFrom('tickets').select('number').execute()).map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
