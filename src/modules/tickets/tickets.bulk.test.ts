import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

describe.each(TEST_DIALECTS)('bulk actions on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let other: Caller;
  let customer: Caller;
  let neighbour: Caller;

  async function open(caller: Caller = customer): Promise<string> {
    const res = await openTicket(ctx, caller);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const bulk = (payload: Record<string, unknown>, caller: Caller = agent) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/tickets/bulk', headers: caller.headers, payload });
  const detail = async (id: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${id}`, headers: agent.headers })).json();

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
    other = await signInAs(ctx, { role: 'agent' });
    customer = await customerWith(ctx, 'fresh');
    neighbour = await customerWith(ctx, 'fresh');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('assigns and tags many tickets, one event per change as a single change makes', async () => {
    const ids = [await open(), await open(), await open()];
    const assigned = await bulk({ ids, action: { type: 'assign', assigneeId: other.userId } });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ changed: 3, failed: 0 });
    expect(assigned.json().results.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual(ids.map((id) => [id, true]));
    const tagged = await bulk({ ids, action: { type: 'add_tags', tags: ['Billing', 'vip'] } });
    expect(tagged.json()).toMatchObject({ changed: 3, failed: 0 });
    await bulk({ ids: [ids[0]], action: { type: 'remove_tags', tags: ['vip'] } });
    for (const [i, id] of ids.entries()) {
      const { ticket, events } = await detail(id);
      expect(ticket.assigneeId).toBe(other.userId);
      expect(ticket.tags).toEqual(i === 0 ? ['billing'] : ['billing', 'vip']);
      const types = (events as { type: string; actorId: string }[]).filter((e) => e.type !== 'created');
      expect(types.map((e) => e.type)).toEqual(i === 0 ? ['assigned', 'tags_changed', 'tags_changed'] : ['assigned', 'tags_changed']);
      expect(types.every((e) => e.actorId === agent.userId)).toBe(true);
    }
    // Adding a tag a ticket has already changes nothing and records nothing.
    await bulk({ ids: [ids[1]], action: { type: 'add_tags', tags: ['vip'] } });
    expect(((await detail(ids[1]!)).events as { type: string }[]).filter((e) => e.type === 'tags_changed')).toHaveLength(1);
  });

  it('20 bulk tag edits of one ticket at once lose none of them', async () => {
    const id = await open();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => bulk({ ids: [id], action: { type: 'add_tags', tags: [`t${i}`] } })));
    expect(answers.map((res) => res.json().changed)).toEqual(answers.map(() => 1));
    const tags = (await detail(id)).ticket.tags as string[];
    expect([...tags].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
  });

  it('changes the tickets it may and lists a code for each one it may not', async () => {
    const good = await open();
    const missing = randomUUID();
    const resolved = await open();
    expect((await bulk({ ids: [resolved], action: { type: 'resolve' } })).json().changed).toBe(1);
    const res = await bulk({ ids: [good, missing, resolved], action: { type: 'status', status: 'pending' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toEqual([
      { id: good, ok: true, number: expect.any(Number) },
      { id: missing, ok: false, code: 'tickets.not_found', message: expect.any(String) },
      { id: resolved, ok: true, number: expect.any(Number) },
    ]);
    const priority = await bulk({ ids: [good], action: { type: 'priority', priority: 'high' } });
    expect(priority.json().changed).toBe(1);
    expect((await detail(good)).ticket.priority).toBe('high');
    const closed = await open();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${closed}`, headers: agent.headers, payload: { status: 'closed' } });
    const reopen = await bulk({ ids: [good, closed], action: { type: 'status', status: 'open' } });
    expect(reopen.json().results[1]).toMatchObject({ ok: false, code: 'tickets.status_not_allowed' });
  });

  it('refuses an assignee who is not an agent for every ticket, and changes none', async () => {
    const ids = [await open(), await open()];
    const res = await bulk({ ids, action: { type: 'assign', assigneeId: customer.userId } });
    expect(res.json()).toMatchObject({ changed: 0, failed: 2 });
    expect(res.json().results.map((r: { code: string }) => r.code)).toEqual(['tickets.assignee_not_agent', 'tickets.assignee_not_agent']);
    for (const id of ids) expect((await detail(id)).ticket.assigneeId).toBeNull();
  });

  it("merges tickets into one; another customer's ticket is refused", async () => {
    const target = await open();
    const a = await open();
    const b = await open();
    const foreign = await open(neighbour);
    const res = await bulk({ ids: [a, b, foreign, target], action: { type: 'merge', targetId: target } });
    expect(res.json().results.map((r: { ok: boolean; code?: string }) => r.code ?? r.ok)).toEqual([
      true,
      true,
      'tickets.merge_invalid',
      'tickets.merge_invalid',
    ]);
    expect((await detail(a)).ticket.mergedInto).toBe(target);
    expect((await detail(b)).ticket.mergedInto).toBe(target);
    expect((await detail(foreign)).ticket.mergedInto).toBeNull();
  });

  it('is for staff only, and checks its input', async () => {
    const id = await open();
    const asCustomer = await bulk({ ids: [id], action: { type: 'resolve' } }, customer);
    expect([asCustomer.statusCode, asCustomer.json().code]).toEqual([403, 'auth.forbidden']);
    expect(asCustomer.headers['content-type']).toContain('application/problem+json');
    expect((await detail(id)).ticket.status).toBe('open');
    for (const payload of [
      { ids: [], action: { type: 'resolve' } },
      { ids: [id, id], action: { type: 'resolve' } },
      { ids: [id], action: { type: 'explode' } },
      { ids: [id], action: { type: 'add_tags', tags: [] } },
      { ids: Array.from({ length: 101 }, () => randomUUID()), action: { type: 'resolve' } },
    ]) {
      const res = await bulk(payload);
      expect([res.statusCode, res.json().code], JSON.stringify(payload).slice(0, 80)).toEqual([400, 'request.invalid']);
    }
  });
});
