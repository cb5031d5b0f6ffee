import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

describe.each(TEST_DIALECTS)('canned responses on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let colleague: Caller;

  beforeAll(async () => {
    ctx = await createTestContext({ dialect }); // Friday 2026-11-27 19:00 Moscow
    admin = await signInAs(ctx, { role: 'admin', name: 'Irina Admin' });
    agent = await signInAs(ctx, { role: 'agent', name: 'Oleg' });
    colleague = await signInAs(ctx, { role: 'agent', name: 'Pavel' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const create = (caller: Caller, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/canned-responses', headers: caller.headers, payload });
  const list = async (caller: Caller) =>
    (await ctx.app.inject({ method: 'GET', url: '/api/v1/canned-responses', headers: caller.headers })).json().items as { id: string; title: string }[];
  const patch = (caller: Caller, id: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/canned-responses/${id}`, headers: caller.headers, payload });
  const remove = (caller: Caller, id: string) => ctx.app.inject({ method: 'DELETE', url: `/api/v1/canned-responses/${id}`, headers: caller.headers });
  const render = (caller: Caller, id: string, ticketId: string) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/canned-responses/${id}/render`, headers: caller.headers, payload: { ticketId } });

  it("a personal response is its owner's alone: other agents neither see, change, delete nor use it", async () => {
    const created = await create(agent, { title: 'My greeting', bodyEn: 'Hi {{customer.name}}', bodyRu: 'Привет, {{customer.name}}' });
    expect(created.statusCode).toBe(201);
    const mine = created.json();
    expect(mine).toMatchObject({ shared: false, ownerId: agent.userId, unknownPlaceholders: [] });
    expect((await list(agent)).map((c) => c.id)).toContain(mine.id);
    expect((await list(colleague)).map((c) => c.id)).not.toContain(mine.id);

    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    for (const res of [await patch(colleague, mine.id, { title: 'Taken' }), await remove(colleague, mine.id), await render(colleague, mine.id, ticket.id)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('canned.not_found');
    }

    const renamed = await patch(agent, mine.id, { title: 'Greeting', bodyRu: 'Здравствуйте, {{customer.name}}' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ title: 'Greeting', bodyEn: 'Hi {{customer.name}}', bodyRu: 'Здравствуйте, {{customer.name}}' });
    expect((await remove(agent, mine.id)).statusCode).toBe(204);
    expect((await patch(agent, mine.id, { title: 'Gone' })).json().code).toBe('canned.not_found');
  });

  it('only admins create or change shared responses; every agent sees and uses them', async () => {
    const refused = await create(agent, { title: 'For everyone', bodyEn: 'Hello', shared: true });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('canned.shared_admin_only');

    const shared = (await create(admin, { title: 'Shared hello', bodyEn: 'Hello', bodyRu: 'Здравствуйте', shared: true })).json();
    expect(shared).toMatchObject({ shared: true, ownerId: null });
    expect((await list(agent)).map((c) => c.id)).toContain(shared.id);
    expect((await list(colleague)).map((c) => c.id)).toContain(shared.id);

    const edit = await patch(agent, shared.id, { title: 'Mine now' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().code).toBe('canned.shared_admin_only');
    expect((await remove(agent, shared.id)).json().code).toBe('canned.shared_admin_only');

    const personal = (await create(agent, { title: 'Private', bodyEn: 'x' })).json();
    const promote = await patch(agent, personal.id, { shared: true });
    expect(promote.statusCode).toBe(403);
    expect(promote.json().code).toBe('canned.shared_admin_only');

    const edited = await patch(admin, shared.id, { bodyEn: 'Hello there' });
    expect(edited.json()).toMatchObject({ bodyEn: 'Hello there', shared: true });
    expect((await remove(admin, shared.id)).statusCode).toBe(204);
  });

  it('customers have no canned responses', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/canned-responses', headers: customer.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.forbidden');
  });

  it('a response needs a title and text in at least one language', async () => {
    const res = await create(agent, { title: 'Empty', bodyEn: ' ', bodyRu: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid');
  });

  it("renders in the ticket customer's language with the placeholders filled and unknown ones left visible", async () => {
    const canned = (
      await create(admin, {
        title: 'We are on it',
        bodyEn:
          'Dear {{customer.name}}, ticket #{{ticket.number}} ({{ticket.subject}}) will be answered by {{ticket.replyDueAt}}. {{agent.name}} {{agent.phone}}',
        bodyRu: 'Здравствуйте, {{customer.name}}! Ответим на обращение №{{ticket.number}} ({{ticket.subject}}) до {{ticket.replyDueAt}}. {{agent.name}}',
        shared: true,
      })
    ).json();
    expect(canned.unknownPlaceholders).toEqual(['agent.phone']);

    ctx.clock.set(Date.parse('2026-11-27T16:00:00Z')); // Friday 19:00 Moscow: due Monday 19:00
    const english = await customerWith(ctx, 'fresh');
    await ctx.deps.db.updateTable('users').set({ name: 'Anna Smith', language: 'en', time_zone: 'Europe/Moscow' }).where('id', '=', english.userId).execute();
    const enTicket = (await openTicket(ctx, english, { subject: 'Catalog error' })).json();
    const en = await render(agent, canned.id, enTicket.id);
    expect(en.statusCode).toBe(200);
    expect(en.json()).toEqual({
      language: 'en',
      body: `Dear Anna Smith, ticket #${enTicket.number} (Catalog error) will be answered by Mon 30 Nov, 19:00 GMT+3. Oleg {{agent.phone}}`,
    });

    const russian = await customerWith(ctx, 'fresh');
    await ctx.deps.db.updateTable('users').set({ name: 'Анна', language: 'ru', time_zone: 'Europe/Moscow' }).where('id', '=', russian.userId).execute();
    const ruTicket = (await openTicket(ctx, russian, { subject: 'Ошибка каталога' })).json();
    expect((await render(colleague, canned.id, ruTicket.id)).json()).toEqual({
      language: 'ru',
      body: `Здравствуйте, Анна! Ответим на обращение №${ruTicket.number} (Ошибка каталога) до пн, 30 нояб., 19:00 GMT+3. Pavel`,
    });

    const bestEffort = await customerWith(ctx, 'expired');
    await ctx.deps.db.updateTable('users').set({ language: 'ru' }).where('id', '=', bestEffort.userId).execute();
    const lateTicket = (await openTicket(ctx, bestEffort)).json();
    expect(lateTicket.replyDueAt).toBeNull();
    expect((await render(agent, canned.id, lateTicket.id)).json().body).toContain('до без гарантированного срока.');

    const missing = await render(agent, canned.id, '01900000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('tickets.not_found');
  });
});
