import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, giveLicense, openTicket } from '../../../test/tickets.js';
import { QUEUES } from './tickets.queues.js';

interface Item {
  id: string;
  replyDueAt: string | null;
  waitingSince: string | null;
  createdAt: string;
  updatedAt: string;
  breached: boolean;
  customerId: string;
}

const at = (iso: string) => Date.parse(iso);
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

describe.each(TEST_DIALECTS)('agent queues, filters and paging on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let agentB: Caller;

  async function list(query: string, caller: Caller = agent): Promise<{ items: Item[]; nextCursor: string | null }> {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${query}`, headers: caller.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }
  const ids = async (query: string, caller: Caller = agent) => (await list(`limit=100&${query}`, caller)).items.map((t) => t.id);

  /** Every page of a listing, following nextCursor. */
  async function allPages(query: string, limit: number, caller: Caller = agent): Promise<{ pages: string[][]; items: Item[] }> {
    const pages: string[][] = [];
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, caller);
      pages.push(page.items.map((t) => t.id));
      items.push(...page.items);
      cursor = page.nextCursor;
      expect(pages.length).toBeLessThan(1000);
    } while (cursor);
    return { pages, items };
  }

  async function open(customer: Caller, iso?: string, body: Record<string, unknown> = {}): Promise<string> {
    if (iso) ctx.clock.set(at(iso));
    const res = await openTicket(ctx, customer, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }
  const reply = (id: string, payload: Record<string, unknown> = {}, caller: Caller = agent) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${id}/messages`, headers: caller.headers, payload: { body: 'An answer.', ...payload } });
  const patch = (id: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${id}`, headers: agent.headers, payload });

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    agent = await signInAs(ctx, { role: 'agent' });
    agentB = await signInAs(ctx, { role: 'agent' });
    // These cases move tickets between queues by hand: a reply does not take the ticket here.
    const admin = await signInAs(ctx, { role: 'admin' });
    const off = await ctx.app.inject({ method: 'PUT', url: '/api/v1/settings/workspace', headers: admin.headers, payload: { replyTakesTicket: false } });
    expect(off.statusCode).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('"due" holds open tickets with a due, soonest first; "overdue" only those past it', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const late = await open(customer, '2026-12-01T07:00:00Z'); // due Wed 2026-12-02 07:00Z
    const early = await open(customer, '2026-11-30T07:00:00Z'); // due Tue 2026-12-01 07:00Z
    const middle = await open(customer, '2026-11-30T09:00:00Z'); // due Tue 2026-12-01 09:00Z
    const answered = await open(customer);
    await reply(answered);
    const suggestion = await open(customer, undefined, { kind: 'suggestion' });
    const expired = await customerWith(ctx, 'expired');
    const bestEffort = await open(expired);

    const due = (await list(`queue=due&limit=100&customerId=${customer.userId}`)).items;
    expect(due.map((t) => t.id)).toEqual([early, middle, late]);
    expect(due.map((t) => t.replyDueAt)).toEqual(['2026-12-01T07:00:00.000Z', '2026-12-01T09:00:00.000Z', '2026-12-02T07:00:00.000Z']);
    const everyDue = (await list('queue=due&limit=100')).items;
    expect(everyDue.map((t) => t.replyDueAt)).toEqual(everyDue.map((t) => t.replyDueAt).sort());
    for (const absent of [answered, suggestion, bestEffort]) expect(everyDue.map((t) => t.id)).not.toContain(absent);

    ctx.clock.set(at('2026-12-01T07:00:00Z')); // exactly at the first due: not yet past it
    expect(await ids(`queue=overdue&customerId=${customer.userId}`)).toEqual([]);
    ctx.clock.set(at('2026-12-01T08:00:00Z'));
    const overdue = (await list(`queue=overdue&limit=100&customerId=${customer.userId}`)).items;
    expect(overdue.map((t) => [t.id, t.breached])).toEqual([[early, true]]);
    ctx.clock.set(at('2026-12-01T10:00:00Z'));
    expect(await ids(`queue=overdue&customerId=${customer.userId}`)).toEqual([early, middle]);
    expect(await ids(`queue=due&customerId=${customer.userId}`)).toEqual([early, middle, late]);

    // Answering takes a ticket out of both; a status change by hand is no answer (R4), so it stays.
    await reply(early);
    await patch(middle, { status: 'pending' });
    expect(await ids(`queue=overdue&customerId=${customer.userId}`)).toEqual([middle]);
    expect(await ids(`queue=due&customerId=${customer.userId}`)).toEqual([middle, late]);
  });

  it('"unassigned" and "mine" follow assignment; resolved tickets leave both', async () => {
    ctx.clock.set(at('2026-12-03T07:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const first = await open(customer);
    const second = await open(customer);
    const pending = await open(customer);
    await reply(pending);
    const resolved = await open(customer);
    await reply(resolved, { status: 'resolved' });
    const scope = `customerId=${customer.userId}`;
    expect((await ids(`queue=unassigned&${scope}`)).sort()).toEqual([first, second, pending].sort());

    expect((await patch(first, { assigneeId: agent.userId })).statusCode).toBe(200);
    expect(await ids(`queue=unassigned&${scope}`)).not.toContain(first);
    expect(await ids(`queue=mine&${scope}`)).toEqual([first]);
    expect(await ids(`queue=mine&${scope}`, agentB)).toEqual([]);

    await patch(first, { assigneeId: agentB.userId });
    expect(await ids(`queue=mine&${scope}`)).toEqual([]);
    expect(await ids(`queue=mine&${scope}`, agentB)).toEqual([first]);

    await patch(second, { assigneeId: agent.userId });
    await patch(resolved, { assigneeId: agent.userId });
    ctx.clock.advance(60_000);
    await patch(pending, { assigneeId: agent.userId });
    // Most recently updated first.
    expect(await ids(`queue=mine&${scope}`)).toEqual([pending, second]);
    await patch(second, { assigneeId: null });
    expect(await ids(`queue=unassigned&${scope}`)).toEqual([second]);
  });

  it('"pending" holds tickets after an agent reply until the customer answers', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const id = await open(customer, '2026-12-04T07:00:00Z');
    const scope = `customerId=${customer.userId}`;
    expect(await ids(`queue=pending&${scope}`)).toEqual([]);
    await reply(id);
    expect(await ids(`queue=pending&${scope}`)).toEqual([id]);
    expect(await ids(`queue=due&${scope}`)).toEqual([]);
    await reply(id, {}, customer);
    expect(await ids(`queue=pending&${scope}`)).toEqual([]);
    expect(await ids(`queue=due&${scope}`)).toEqual([id]);
    // An internal note is no reply: the ticket stays the support's turn.
    await reply(id, { internal: true });
    expect(await ids(`queue=pending&${scope}`)).toEqual([]);
  });

  it('"best_effort" holds waiting tickets of customers whose guarantee ended, longest waiting first', async () => {
    const expired = await customerWith(ctx, 'expired');
    const fresh = await customerWith(ctx, 'fresh');
    const second = await open(expired, '2026-12-02T07:00:00Z');
    const first = await open(expired, '2026-12-01T07:00:00Z');
    const third = await open(expired, '2026-12-03T07:00:00Z');
    const answered = await open(expired);
    await reply(answered);
    const suggestion = await open(expired, undefined, { kind: 'suggestion' });
    const guaranteed = await open(fresh);
    // A later message on the first ticket does not move it back: the earliest unanswered counts.
    await reply(first, {}, expired);

    const queue = (await list('queue=best_effort&limit=100')).items;
    const mine = queue.filter((t) => t.customerId === expired.userId);
    expect(mine.map((t) => t.id)).toEqual([first, second, third]);
    expect(mine.every((t) => t.replyDueAt === null)).toBe(true);
    expect(queue.map((t) => t.waitingSince)).toEqual(queue.map((t) => t.waitingSince).sort());
    for (const absent of [answered, suggestion, guaranteed]) expect(queue.map((t) => t.id)).not.toContain(absent);
    expect(await ids('queue=due')).not.toContain(first);
    ctx.clock.advance(30 * 24 * 3600_000);
    expect(await ids('queue=overdue')).not.toContain(first);
  });

  it('"suggestions" and "partnership" hold their own kinds until closed, newest first', async () => {
    const free = await customerWith(ctx, 'free');
    const older = await open(free, '2026-12-07T07:00:00Z', { kind: 'suggestion' });
    const newer = await open(free, '2026-12-07T08:00:00Z', { kind: 'suggestion' });
    const partnership = await open(free, undefined, { kind: 'partnership' });
    const scope = `customerId=${free.userId}`;
    expect(await ids(`queue=suggestions&${scope}`)).toEqual([newer, older]);
    expect(await ids(`queue=partnership&${scope}`)).toEqual([partnership]);
    for (const queue of ['due', 'overdue', 'best_effort'])
      expect(
        (await ids(`queue=${queue}`)).filter((id) => [older, newer, partnership].includes(id)),
        queue,
      ).toEqual([]);
    await reply(older); // answered but not closed: still in the queue
    expect(await ids(`queue=suggestions&${scope}`)).toEqual([newer, older]);
    await patch(older, { status: 'closed' });
    expect(await ids(`queue=suggestions&${scope}`)).toEqual([newer]);
  });

  it('every filter narrows a queue, alone and combined; bad values are refused', async () => {
    ctx.clock.set(at('2026-12-08T07:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const someoneElse = await customerWith(ctx, 'fresh');
    const [k1, k2] = [`K1-${dialect}-${Math.random()}`, `K2-${dialect}-${Math.random()}`];
    await giveLicense(ctx, { email: customer.email, key: k1 });
    await giveLicense(ctx, { email: customer.email, key: k2 });
    const a = await open(customer, undefined, { licenseKey: k1 });
    await patch(a, { tags: ['Cart'], assigneeId: agent.userId });
    const b = await open(customer, undefined, { kind: 'problem', licenseKey: k2 });
    await reply(b);
    const c = await open(customer, undefined, { kind: 'suggestion' });
    const d = await open(someoneElse);
    await patch(d, { tags: ['cart'] });
    const scope = `customerId=${customer.userId}`;
    const sorted = async (query: string) => (await ids(query)).sort();

    expect(await sorted(scope)).toEqual([a, b, c].sort());
    expect(await ids(`customerId=${someoneElse.userId}`)).toEqual([d]);
    expect(await ids(`kind=problem&${scope}`)).toEqual([b]);
    expect(await ids(`kind=suggestion&${scope}`)).toEqual([c]);
    expect(await ids(`status=pending&${scope}`)).toEqual([b]);
    expect(await sorted(`status=open&${scope}`)).toEqual([a, c].sort());
    expect(await ids(`assigneeId=${agent.userId}&${scope}`)).toEqual([a]);
    expect(await sorted(`assigneeId=none&${scope}`)).toEqual([b, c].sort());
    expect(await sorted('tag=cart')).toEqual([a, d].sort());
    expect(await sorted('tag=CART')).toEqual([a, d].sort());
    expect(await ids(`tag=cart&${scope}`)).toEqual([a]);
    expect(await ids(`licenseKey=${k1}`)).toEqual([a]);
    expect(await ids(`licenseKey=${k2}`)).toEqual([b]);
    expect(await ids('licenseKey=NO-SUCH-KEY')).toEqual([]);
    expect(await ids(`kind=question&tag=cart&licenseKey=${k1}&assigneeId=${agent.userId}&status=open&${scope}`)).toEqual([a]);
    expect(await ids(`kind=problem&tag=cart&${scope}`)).toEqual([]);
    expect(await sorted(`queue=unassigned&${scope}`)).toEqual([b, c].sort());
    expect(await ids(`queue=mine&tag=cart`)).toContain(a);
    expect(await ids(`queue=pending&kind=question&${scope}`)).toEqual([]);

    for (const bad of ['queue=bogus', 'kind=bogus', 'status=bogus', 'assigneeId=someone', 'customerId=42', 'limit=0', 'limit=101', `tag=${'x'.repeat(41)}`]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${bad}`, headers: agent.headers });
      expect([res.statusCode, res.json().code], bad).toEqual([400, 'request.invalid']);
    }
  });

  it("a customer's active and archive scopes fill whole pages", async () => {
    const customer = await customerWith(ctx, 'fresh');
    const active = [await open(customer, '2026-12-09T07:00:00Z'), await open(customer)];
    const closed: string[] = [];
    ctx.clock.advance(60_000);
    for (let i = 0; i < 3; i++) {
      const id = await open(customer);
      await patch(id, { status: 'closed' }); // the most recently updated: first in the list
      closed.push(id);
    }
    const activePages = await allPages('scope=active', 2, customer);
    expect(activePages.pages[0]).toHaveLength(2);
    expect(activePages.items.map((t) => t.id).sort()).toEqual([...active].sort());
    const archive = await allPages('scope=archive', 2, customer);
    expect(archive.pages.map((p) => p.length)).toEqual([2, 1]);
    expect(archive.items.map((t) => t.id).sort()).toEqual([...closed].sort());
  });

  it('keyset paging walks every queue in order with no duplicates or gaps, ties included', async () => {
    const fresh = await customerWith(ctx, 'fresh');
    const expired = await customerWith(ctx, 'expired');
    // Seven tickets each, three sharing one instant and two sharing another (ties on the sort key).
    for (const iso of ['2026-12-10T07:00:00Z', '2026-12-10T07:00:00Z', '2026-12-10T07:00:00Z', '2026-12-09T07:00:00Z', '2026-12-11T07:00:00Z']) {
      await open(fresh, iso);
      await open(expired, iso);
    }
    for (const iso of ['2026-12-10T09:00:00Z', '2026-12-10T09:00:00Z']) {
      await open(fresh, iso);
      await open(expired, iso);
    }
    for (const [queue, customer] of [
      ['all', fresh],
      ['due', fresh],
      ['unassigned', fresh],
      ['best_effort', expired],
      ['all', expired],
    ] as const) {
      const query = `queue=${queue}&customerId=${customer.userId}`;
      const whole = (await list(`${query}&limit=100`)).items.map((t) => t.id);
      expect(whole, queue).toHaveLength(7);
      const paged = await allPages(query, 3);
      expect(
        paged.pages.map((p) => p.length),
        queue,
      ).toEqual([3, 3, 1]);
      expect(paged.pages.flat(), queue).toEqual(whole);
    }
    // A queue larger than a page, across customers: the same walk.
    const whole = (await list('queue=unassigned&limit=100')).items.map((t) => t.id);
    const paged = await allPages('queue=unassigned', 4);
    expect(paged.pages.flat()).toEqual(whole);
    expect(new Set(whole).size).toBe(whole.length);
  });

  it('a tampered cursor is refused with 400', async () => {
    for (const cursor of [
      'garbage!!',
      cursorOf('abc'),
      cursorOf('12:'),
      cursorOf(':x'),
      cursorOf('-1:x'),
      cursorOf('1.5:x'),
      cursorOf('1e5:x'),
      cursorOf('99999999999999999999999:x'),
      cursorOf("1:x' or '1'='1"),
      'x'.repeat(201),
    ]) {
      for (const queue of ['all', 'due', 'best_effort']) {
        const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?queue=${queue}&cursor=${encodeURIComponent(cursor)}`, headers: agent.headers });
        expect([res.statusCode, res.json().code], `${queue} ${cursor}`).toEqual([400, 'request.invalid']);
      }
    }
  });

  it('/api/v1/queues counts what each queue lists, per agent', async () => {
    ctx.clock.set(at('2026-12-02T12:00:00Z')); // some dues past, some ahead
    for (const caller of [agent, agentB]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/queues', headers: caller.headers });
      expect(res.statusCode).toBe(200);
      const counts = res.json() as Record<string, number>;
      expect(Object.keys(counts).sort()).toEqual(QUEUES.filter((q) => q !== 'all').sort());
      for (const queue of Object.keys(counts)) {
        const listed = await allPages(`queue=${queue}`, 100, caller);
        expect(counts[queue], queue).toBe(listed.items.length);
      }
      expect(counts.overdue).toBeGreaterThan(0);
      expect(counts.best_effort).toBeGreaterThan(0);
    }
    const a = (await ctx.app.inject({ method: 'GET', url: '/api/v1/queues', headers: agent.headers })).json();
    const b = (await ctx.app.inject({ method: 'GET', url: '/api/v1/queues', headers: agentB.headers })).json();
    expect(a.mine).not.toBe(b.mine);
  });
});
