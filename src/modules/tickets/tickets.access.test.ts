import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, giveLicense, openTicket } from '../../../test/tickets.js';
import { createId } from '../../shared/ids.js';
import { DEFAULT_DECLINE_EXPLANATIONS } from './tickets.declines.js';

// Who calls: the ticket's customer, another customer, staff by session, a token narrowed to the
// license API, staff by an unscoped token, and nobody.
const WHO = ['owner', 'other', 'agent', 'admin', 'scoped', 'agentToken', 'nobody'] as const;
type Who = (typeof WHO)[number];
type Outcome = readonly [status: number, code?: string];

const OK: Outcome = [200];
const CREATED: Outcome = [201];
const NOT_FOUND: Outcome = [404, 'tickets.not_found'];
const FORBIDDEN: Outcome = [403, 'auth.forbidden'];
const SCOPE_DENIED: Outcome = [403, 'auth.scope_denied'];
const NOT_SIGNED_IN: Outcome = [401, 'auth.not_signed_in'];

/** The expected outcome per caller: customers and staff given, the scoped token and nobody always refused. */
function expectFor({ owner, other = NOT_FOUND, staff, admin = staff }: { owner: Outcome; other?: Outcome; staff: Outcome; admin?: Outcome }) {
  return { owner, other, agent: staff, admin, scoped: SCOPE_DENIED, agentToken: staff, nobody: NOT_SIGNED_IN } satisfies Record<Who, Outcome>;
}

/** The ticket a case acts on: open, resolved (for rating), with a second ticket of the same customer (for merge). */
interface Fixture {
  id: string;
  targetId: string;
}
interface Case {
  route: string;
  request: (f: Fixture, ids: { agentId: string; ownerEmail: string }) => { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; payload?: unknown };
  state?: 'open' | 'resolved';
  expected: Record<Who, Outcome>;
}

const CASES: Case[] = [
  { route: 'GET /tickets', request: () => ({ method: 'GET', url: '/api/v1/tickets' }), expected: expectFor({ owner: OK, other: OK, staff: OK }) },
  {
    route: 'POST /tickets',
    request: (_f, { ownerEmail }) => ({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { kind: 'question', subject: 'Cart', body: 'Empty cart.', customerEmail: ownerEmail },
    }),
    expected: expectFor({ owner: CREATED, other: CREATED, staff: CREATED }),
  },
  { route: 'GET /tickets/{id}', request: (f) => ({ method: 'GET', url: `/api/v1/tickets/${f.id}` }), expected: expectFor({ owner: OK, staff: OK }) },
  {
    route: 'POST /tickets/{id}/messages (reply)',
    request: (f) => ({ method: 'POST', url: `/api/v1/tickets/${f.id}/messages`, payload: { body: 'More details.' } }),
    expected: expectFor({ owner: CREATED, staff: CREATED }),
  },
  {
    route: 'POST /tickets/{id}/messages (internal note)',
    request: (f) => ({ method: 'POST', url: `/api/v1/tickets/${f.id}/messages`, payload: { body: 'Note.', internal: true } }),
    expected: expectFor({ owner: [403, 'tickets.internal_not_allowed'], staff: CREATED }),
  },
  {
    route: 'POST /tickets/{id}/decline',
    request: (f) => ({ method: 'POST', url: `/api/v1/tickets/${f.id}/decline`, payload: { reason: 'unclear' } }),
    expected: expectFor({ owner: FORBIDDEN, staff: OK }),
  },
  ...(
    [
      ['priority', { priority: 'high' }],
      ['tags', { tags: ['cart'] }],
      ['subject', { subject: 'Renamed' }],
      ['kind', { kind: 'problem' }],
      ['status closed', { status: 'closed' }],
      ['status pending', { status: 'pending' }],
      ['status open', { status: 'open' }],
    ] as const
  ).map(([what, payload]): Case => ({
    route: `PATCH /tickets/{id} ${what}`,
    request: (f) => ({ method: 'PATCH', url: `/api/v1/tickets/${f.id}`, payload }),
    expected: expectFor({ owner: FORBIDDEN, staff: OK }),
  })),
  {
    route: 'PATCH /tickets/{id} assignee',
    request: (f, { agentId }) => ({ method: 'PATCH', url: `/api/v1/tickets/${f.id}`, payload: { assigneeId: agentId } }),
    expected: expectFor({ owner: FORBIDDEN, staff: OK }),
  },
  {
    route: 'PATCH /tickets/{id} status resolved',
    request: (f) => ({ method: 'PATCH', url: `/api/v1/tickets/${f.id}`, payload: { status: 'resolved' } }),
    expected: expectFor({ owner: OK, staff: OK }),
  },
  {
    route: 'POST /tickets/{id}/merge',
    request: (f) => ({ method: 'POST', url: `/api/v1/tickets/${f.id}/merge`, payload: { targetId: f.targetId } }),
    expected: expectFor({ owner: FORBIDDEN, staff: OK }),
  },
  {
    route: 'POST /tickets/{id}/rating',
    state: 'resolved',
    request: (f) => ({ method: 'POST', url: `/api/v1/tickets/${f.id}/rating`, payload: { rating: 5 } }),
    expected: expectFor({ owner: OK, staff: FORBIDDEN }),
  },
  {
    route: 'GET /queues',
    request: () => ({ method: 'GET', url: '/api/v1/queues' }),
    expected: expectFor({ owner: FORBIDDEN, other: FORBIDDEN, staff: OK }),
  },
  {
    route: 'GET /decline-reasons',
    request: () => ({ method: 'GET', url: '/api/v1/decline-reasons' }),
    expected: expectFor({ owner: FORBIDDEN, other: FORBIDDEN, staff: OK }),
  },
  {
    route: 'PUT /decline-reasons',
    request: () => ({ method: 'PUT', url: '/api/v1/decline-reasons', payload: DEFAULT_DECLINE_EXPLANATIONS }),
    expected: expectFor({ owner: FORBIDDEN, other: FORBIDDEN, staff: FORBIDDEN, admin: OK }),
  },
];

describe.each(TEST_DIALECTS)('who may do what to a ticket on %s', (dialect) => {
  let ctx: TestContext;
  let owner: Caller;
  let other: Caller;
  let agent: Caller;
  const headers = {} as Record<Who, Record<string, string>>;

  const inject = (who: Who | Caller, req: { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; payload?: unknown }) =>
    ctx.app.inject({ ...req, payload: req.payload as never, headers: typeof who === 'string' ? headers[who] : who.headers });

  async function ticketOf(customer: Caller, body: Record<string, unknown> = {}): Promise<string> {
    const res = await openTicket(ctx, customer, body);
    expect(res.statusCode).toBe(201);
    return res.json().id;
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    owner = await customerWith(ctx, 'fresh');
    other = await customerWith(ctx, 'fresh');
    agent = await signInAs(ctx, { role: 'agent' });
    // Staff behind the narrowed token: an admin, so only the scope (never the role) can refuse it.
    const scoped = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] });
    const agentToken = await tokenFor(ctx, { role: 'agent' });
    Object.assign(headers, {
      owner: owner.headers,
      other: other.headers,
      agent: agent.headers,
      admin: (await signInAs(ctx, { role: 'admin' })).headers,
      scoped: scoped.headers,
      agentToken: agentToken.headers,
      nobody: {},
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const matrix = CASES.flatMap((c) => WHO.map((who) => ({ ...c, who, status: c.expected[who][0], code: c.expected[who][1] })));
  it.each(matrix)('$route as $who answers $status $code', async ({ request, state, who, status, code }) => {
    const id = await ticketOf(owner);
    const targetId = await ticketOf(owner, { body: 'The same, again.' });
    if (state === 'resolved') {
      const res = await inject('agent', { method: 'POST', url: `/api/v1/tickets/${id}/messages`, payload: { body: 'Fixed.', status: 'resolved' } });
      expect(res.statusCode).toBe(201);
    }
    const res = await inject(who, request({ id, targetId }, { agentId: agent.userId, ownerEmail: owner.email }));
    expect(res.statusCode, res.body).toBe(status);
    if (code) expect(res.json().code).toBe(code);
    // A refused write leaves the ticket as it was.
    if (status >= 400 && request({ id, targetId }, { agentId: '', ownerEmail: '' }).method !== 'GET') {
      const after = (await inject('agent', { method: 'GET', url: `/api/v1/tickets/${id}` })).json();
      // The agent's resolving reply took the unassigned ticket (issue 12).
      const assigneeId = state === 'resolved' ? agent.userId : null;
      expect(after.ticket).toMatchObject({ status: state ?? 'open', priority: 'normal', tags: [], assigneeId, mergedInto: null, rating: null });
      expect(after.messages).toHaveLength(state === 'resolved' ? 2 : 1);
    }
  });

  it('an unknown ticket id is 404 for staff as well', async () => {
    const missing = createId();
    for (const req of [
      { method: 'GET', url: `/api/v1/tickets/${missing}` },
      { method: 'POST', url: `/api/v1/tickets/${missing}/messages`, payload: { body: 'x' } },
      { method: 'PATCH', url: `/api/v1/tickets/${missing}`, payload: { priority: 'low' } },
      { method: 'POST', url: `/api/v1/tickets/${missing}/decline`, payload: { reason: 'unclear' } },
      { method: 'POST', url: `/api/v1/tickets/${missing}/merge`, payload: { targetId: createId() } },
    ] as const) {
      const res = await inject('agent', req);
      expect([res.statusCode, res.json().code]).toEqual([404, 'tickets.not_found']);
    }
  });

  it("a customer's own ticket cannot be merged into another customer's ticket, nor named as a merge target", async () => {
    const mine = await ticketOf(owner);
    const theirs = await ticketOf(other);
    const res = await inject('agent', { method: 'POST', url: `/api/v1/tickets/${mine}/merge`, payload: { targetId: theirs } });
    expect([res.statusCode, res.json().code]).toEqual([409, 'tickets.merge_invalid']);
    const byOther = await inject('other', { method: 'POST', url: `/api/v1/tickets/${theirs}/merge`, payload: { targetId: mine } });
    expect(byOther.statusCode).toBe(403);
  });

  it('a PATCH refused in one part changes nothing in the others', async () => {
    const id = await ticketOf(owner);
    const toCustomer = await inject('agent', {
      method: 'PATCH',
      url: `/api/v1/tickets/${id}`,
      payload: { priority: 'high', tags: ['x'], assigneeId: owner.userId },
    });
    expect([toCustomer.statusCode, toCustomer.json().code]).toEqual([400, 'tickets.assignee_not_agent']);
    await inject('agent', { method: 'PATCH', url: `/api/v1/tickets/${id}`, payload: { status: 'closed' } });
    const reopen = await inject('agent', {
      method: 'PATCH',
      url: `/api/v1/tickets/${id}`,
      payload: { priority: 'high', assigneeId: agent.userId, status: 'open' },
    });
    expect([reopen.statusCode, reopen.json().code]).toEqual([409, 'tickets.status_not_allowed']);
    const after = (await inject('agent', { method: 'GET', url: `/api/v1/tickets/${id}` })).json();
    expect(after.ticket).toMatchObject({ status: 'closed', priority: 'normal', tags: [], assigneeId: null });
    expect(after.events.map((e: { type: string }) => e.type)).toEqual(['created', 'status_changed']);
  });

  it("a customer naming someone else's email opens the ticket for themselves", async () => {
    const res = await inject('other', {
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { kind: 'question', subject: 'x', body: 'y', customerEmail: owner.email },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().customerId).toBe(other.userId);
  });

  it("a customer cannot name another customer's license", async () => {
    await giveLicense(ctx, { email: other.email, key: `K-OTHER-${dialect}` });
    const res = await openTicket(ctx, owner, { licenseKey: `K-OTHER-${dialect}` });
    expect([res.statusCode, res.json().code]).toEqual([404, 'tickets.license_not_found']);
  });

  it("a customer's list never holds another customer's tickets, whatever the filters", async () => {
    const licenseKey = `K-LIST-${dialect}`;
    await giveLicense(ctx, { email: other.email, key: licenseKey });
    const theirs = await ticketOf(other, { subject: 'Catalog of the neighbour', licenseKey });
    await inject('agent', { method: 'PATCH', url: `/api/v1/tickets/${theirs}`, payload: { tags: ['vip'] } });
    const theirsClosed = await ticketOf(other);
    await inject('agent', { method: 'PATCH', url: `/api/v1/tickets/${theirsClosed}`, payload: { status: 'closed' } });
    const mine = await ticketOf(owner);
    const queries = [
      '',
      `customerId=${other.userId}`,
      `licenseKey=${licenseKey}`,
      'queue=unassigned',
      'queue=due',
      'queue=overdue',
      'queue=best_effort',
      'queue=mine',
      'status=open',
      'status=closed',
      'scope=archive',
      'scope=active',
      'assigneeId=none',
      'tag=vip',
      'kind=question',
      'q=catalog',
      'q=neighbour',
      'limit=100',
    ];
    for (const query of queries) {
      const res = await inject('owner', { method: 'GET', url: `/api/v1/tickets?${query}` });
      expect(res.statusCode, query).toBe(200);
      const items = res.json().items as { id: string; customerId: string; customer: { id: string } }[];
      expect(
        items.filter((t) => t.customerId !== owner.userId || t.customer.id !== owner.userId),
        query,
      ).toEqual([]);
    }
    // The same filters do find the other customer's tickets for an agent, so the check above bites.
    for (const query of [`customerId=${other.userId}`, `licenseKey=${licenseKey}`, 'tag=vip', 'q=neighbour']) {
      const ids = (await inject('agent', { method: 'GET', url: `/api/v1/tickets?${query}&limit=100` })).json().items.map((t: { id: string }) => t.id);
      expect(ids, query).toContain(theirs);
    }
    const own = (await inject('owner', { method: 'GET', url: '/api/v1/tickets?limit=100' })).json().items.map((t: { id: string }) => t.id);
    expect(own).toContain(mine);
  });

  it('a customer never sees internal notes, their events or their attachments; agents do', async () => {
    const id = await ticketOf(owner);
    const attachmentId = await insertUpload(ctx, { uploaderId: agent.userId });
    const note = await inject('agent', {
      method: 'POST',
      url: `/api/v1/tickets/${id}/messages`,
      payload: { body: 'Internal: the cache is stale.', internal: true, attachmentIds: [attachmentId] },
    });
    expect(note.statusCode).toBe(201);
    await inject('agent', { method: 'PATCH', url: `/api/v1/tickets/${id}`, payload: { assigneeId: agent.userId, priority: 'high' } });
    await inject('agent', { method: 'POST', url: `/api/v1/tickets/${id}/messages`, payload: { body: 'Try clearing the cache.' } });

    const seen = (await inject('owner', { method: 'GET', url: `/api/v1/tickets/${id}` })).json();
    expect(seen.messages.map((m: { body: string }) => m.body)).toEqual(['After the update the catalog page shows error 500.', 'Try clearing the cache.']);
    expect(seen.messages.every((m: { internal: boolean; attachments: unknown[] }) => !m.internal && m.attachments.length === 0)).toBe(true);
    const types = seen.events.map((e: { type: string }) => e.type);
    expect(types).not.toContain('note_added');
    expect(types).not.toContain('assigned');
    expect(types).not.toContain('priority_changed');
    expect(JSON.stringify(seen)).not.toContain('stale');
    expect(JSON.stringify(seen)).not.toContain(note.json().message.id);

    const staffView = (await inject('agent', { method: 'GET', url: `/api/v1/tickets/${id}` })).json();
    expect(staffView.messages.map((m: { internal: boolean }) => m.internal)).toEqual([false, true, false]);
    expect(staffView.messages[1].attachments.map((a: { id: string }) => a.id)).toEqual([attachmentId]);
    expect(staffView.events.map((e: { type: string }) => e.type)).toContain('note_added');
  });

  it("a customer cannot attach another user's upload, nor one already attached; nothing is written", async () => {
    const id = await ticketOf(owner);
    const othersUpload = await insertUpload(ctx, { uploaderId: other.userId });
    const agentsUpload = await insertUpload(ctx, { uploaderId: agent.userId });
    const ownUpload = await insertUpload(ctx, { uploaderId: owner.userId });
    const countOwn = async () => (await inject('owner', { method: 'GET', url: '/api/v1/tickets?limit=100' })).json().items.length as number;
    const before = await countOwn();
    for (const attachmentIds of [[othersUpload], [agentsUpload], [ownUpload, othersUpload], [createId()]]) {
      const reply = await inject('owner', { method: 'POST', url: `/api/v1/tickets/${id}/messages`, payload: { body: 'See the file.', attachmentIds } });
      expect([reply.statusCode, reply.json().code]).toEqual([404, 'tickets.attachment_not_found']);
      const created = await openTicket(ctx, owner, { attachmentIds });
      expect([created.statusCode, created.json().code]).toEqual([404, 'tickets.attachment_not_found']);
    }
    const detail = (await inject('owner', { method: 'GET', url: `/api/v1/tickets/${id}` })).json();
    expect(detail.messages).toHaveLength(1);
    const rows = await ctx.deps.db.selectFrom('attachments').select(['id', 'message_id']).where('id', 'in', [othersUpload, ownUpload]).execute();
    expect(rows.every((r) => r.message_id === null)).toBe(true);
    expect(await countOwn()).toBe(before);

    // The customer's own upload attaches once; attaching it again is refused.
    const ok = await inject('owner', { method: 'POST', url: `/api/v1/tickets/${id}/messages`, payload: { body: 'See the file.', attachmentIds: [ownUpload] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().message.attachments.map((a: { id: string }) => a.id)).toEqual([ownUpload]);
    const again = await openTicket(ctx, owner, { attachmentIds: [ownUpload] });
    expect([again.statusCode, again.json().code]).toEqual([404, 'tickets.attachment_not_found']);
  });

  it("an agent opening a ticket for a customer attaches the agent's own upload, not the customer's", async () => {
    const agentsUpload = await insertUpload(ctx, { uploaderId: agent.userId });
    const customersUpload = await insertUpload(ctx, { uploaderId: owner.userId });
    const open = (attachmentIds: string[]) =>
      inject('agent', {
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { kind: 'question', subject: 'Phoned in', body: 'Screenshot.', customerEmail: owner.email, attachmentIds },
      });
    const refused = await open([customersUpload]);
    expect([refused.statusCode, refused.json().code]).toEqual([404, 'tickets.attachment_not_found']);
    const created = await open([agentsUpload]);
    expect(created.statusCode).toBe(201);
    const detail = (await inject('owner', { method: 'GET', url: `/api/v1/tickets/${created.json().id}` })).json();
    expect(detail.messages[0].attachments.map((a: { id: string }) => a.id)).toEqual([agentsUpload]);
  });
});

/** An upload as the attachments route would store it (the route itself lives elsewhere). */
async function insertUpload(ctx: TestContext, { uploaderId }: { uploaderId: string }): Promise<string> {
  const id = createId();
  await ctx.deps.db
    .insertInto('attachments')
    .values({
      id,
      uploader_id: uploaderId,
      ticket_id: null,
      message_id: null,
      file_name: 'screen.png',
      content_type: 'image/png',
      size: 10,
      sha256: '0'.repeat(64),
      created_at: ctx.clock.now(),
    })
    .execute();
  return id;
}
