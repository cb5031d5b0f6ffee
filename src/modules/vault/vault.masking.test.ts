import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { SECRET_MASK } from './vault.secrets.js';

// R7 everywhere text is stored: customer messages, agents' replies and internal notes, rating comments.
describe.each(TEST_DIALECTS)('credentials are masked wherever text is stored, on %s', (dialect) => {
  let ctx: TestContext;
  let customer: Caller;
  let agent: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    customer = await customerWith(ctx, 'fresh');
    agent = await signInAs(ctx, { role: 'agent' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const bodies = async (ticketId: string) =>
    (await ctx.deps.db.selectFrom('ticket_messages').select('body').where('ticket_id', '=', ticketId).orderBy('arrived_at').execute()).map((m) => m.body);

  it("an agent's internal note and public reply are stored masked", async () => {
    const id = (await openTicket(ctx, customer)).json().id as string;
    const post = (payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${id}/messages`, headers: agent.headers, payload });
    expect((await post({ body: 'Their FTP: ftp://deploy:Zebra-4471@ftp.example.test', internal: true })).statusCode).toBe(201);
    expect((await post({ body: 'I used mysql -u root -pQuokka-9911 to check.' })).statusCode).toBe(201);
    const stored = (await bodies(id)).join('\n');
    expect(stored).not.toContain('Zebra-4471');
    expect(stored).not.toContain('Quokka-9911');
    expect(stored).toContain(`ftp://deploy:${SECRET_MASK}@ftp.example.test`);
  });

  it('a rating comment is stored masked', async () => {
    const id = (await openTicket(ctx, customer)).json().id as string;
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${id}/messages`, headers: agent.headers, payload: { body: 'Fixed.', status: 'resolved' } });
    const rated = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${id}/rating`,
      headers: customer.headers,
      payload: { rating: 5, comment: 'Thanks! You can delete the account now, my password is Walrus-5521' },
    });
    expect(rated.statusCode).toBe(200);
    expect(rated.json().ratingComment).toBe(`Thanks! You can delete the account now, my password is ${SECRET_MASK}`);
    const row = await ctx.deps.db.selectFrom('tickets').select('rating_comment').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.rating_comment).not.toContain('Walrus-5521');
  });
});
