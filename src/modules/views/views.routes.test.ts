import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { MAX_VIEWS } from './views.models.js';

describe.each(TEST_DIALECTS)('saved views on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let colleague: Caller;
  let customer: Caller;

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>) =>
    ctx.app.inject({ method, url, headers: caller.headers, ...(payload && { payload }) });
  const list = async (caller: Caller) => {
    const res = await call(caller, 'GET', '/api/v1/views');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; name: string; shared: boolean; count: number; filters: Record<string, unknown> }[];
  };

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
    agent = await signInAs(ctx, { role: 'agent' });
    colleague = await signInAs(ctx, { role: 'agent' });
    customer = await customerWith(ctx, 'fresh');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('saves a personal view whose count follows the tickets it matches', async () => {
    const created = await call(agent, 'POST', '/api/v1/views', { name: 'Zebra problems', filters: { queue: 'unassigned', kind: 'problem', q: 'zebra' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Zebra problems', shared: false, ownerId: agent.userId, sort: 'updated_desc' });
    const count = async () => (await list(agent)).find((v) => v.id === created.json().id)!.count;
    expect(await count()).toBe(0);
    await openTicket(ctx, customer, { kind: 'problem', subject: 'Zebra stripes missing', body: 'The zebra theme lost its stripes.' });
    await openTicket(ctx, customer, { kind: 'question', subject: 'Zebra question', body: 'Is there a zebra theme?' });
    expect(await count()).toBe(1);
    const ticket = await openTicket(ctx, customer, { kind: 'problem', subject: 'Zebra again', body: 'Zebra.' });
    expect(await count()).toBe(2);
    await call(agent, 'PATCH', `/api/v1/tickets/${ticket.json().id}`, { assigneeId: agent.userId });
    expect(await count()).toBe(1);
    // The colleague does not see it, and cannot change or delete it.
    expect((await list(colleague)).map((v) => v.id)).not.toContain(created.json().id);
    for (const [method, payload] of [
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(colleague, method, `/api/v1/views/${created.json().id}`, payload);
      expect([res.statusCode, res.json().code]).toEqual([404, 'views.not_found']);
    }
    const renamed = await call(agent, 'PATCH', `/api/v1/views/${created.json().id}`, { name: 'Zebras', sort: 'created_asc' });
    expect(renamed.json()).toMatchObject({ name: 'Zebras', sort: 'created_asc', filters: { queue: 'unassigned', kind: 'problem', q: 'zebra' } });
    expect((await call(agent, 'DELETE', `/api/v1/views/${created.json().id}`)).statusCode).toBe(204);
    expect((await list(agent)).map((v) => v.id)).not.toContain(created.json().id);
  });

  it('lets admins share views with every agent; agents may not make or change shared ones', async () => {
    const refused = await call(agent, 'POST', '/api/v1/views', { name: 'For all', shared: true, filters: { queue: 'overdue' } });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'views.shared_admin_only']);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const shared = await call(admin, 'POST', '/api/v1/views', { name: 'Team: overdue', shared: true, filters: { queue: 'overdue' } });
    expect(shared.statusCode).toBe(201);
    for (const caller of [agent, colleague, admin]) expect((await list(caller)).find((v) => v.id === shared.json().id)).toMatchObject({ shared: true });
    const edit = await call(agent, 'PATCH', `/api/v1/views/${shared.json().id}`, { name: 'Mine' });
    expect([edit.statusCode, edit.json().code]).toEqual([403, 'views.shared_admin_only']);
    const remove = await call(colleague, 'DELETE', `/api/v1/views/${shared.json().id}`);
    expect([remove.statusCode, remove.json().code]).toEqual([403, 'views.shared_admin_only']);
    expect((await call(admin, 'PATCH', `/api/v1/views/${shared.json().id}`, { name: 'Team: late' })).json().name).toBe('Team: late');
  });

  it('is for staff only and checks its input', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/views'],
      ['POST', '/api/v1/views'],
    ] as const) {
      const res = await call(customer, method, url, method === 'POST' ? { name: 'x', filters: {} } : undefined);
      expect([res.statusCode, res.json().code]).toEqual([403, 'auth.forbidden']);
    }
    for (const payload of [
      { name: '', filters: {} },
      { name: 'x', filters: { queue: 'nope' } },
      { name: 'x', filters: { unknown: 1 } },
      { name: 'x', filters: {}, sort: 'random' },
      { name: 'x'.repeat(61), filters: {} },
    ]) {
      const res = await call(agent, 'POST', '/api/v1/views', payload);
      expect([res.statusCode, res.json().code], JSON.stringify(payload)).toEqual([400, 'request.invalid']);
    }
  });

  it(`keeps at most ${MAX_VIEWS} personal views per agent`, async () => {
    const owner = await signInAs(ctx, { role: 'agent' });
    for (let i = 0; i < MAX_VIEWS; i++) expect((await call(owner, 'POST', '/api/v1/views', { name: `v${i}`, filters: {} })).statusCode).toBe(201);
    const over = await call(owner, 'POST', '/api/v1/views', { name: 'one more', filters: {} });
    expect([over.statusCode, over.json().code]).toEqual([409, 'views.too_many']);
  });
});
