import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, FRIDAY_EVENING, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';
import { loadDocumentedVerifier, startReceiver, type TestReceiver } from '../../../test/webhooks.js';
import { createWebhookDelivery } from './webhooks.delivery.js';
import { RETRY_FOR_MS, verifySignature, WEBHOOK_EVENT_TYPES } from './webhooks.models.js';

const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('webhooks delivered to a real receiver, on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  let agent: Caller;
  let receiver: TestReceiver;
  let verify: Awaited<ReturnType<typeof loadDocumentedVerifier>>;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin', name: 'Ada Admin' });
    agent = await signInAs(ctx, { role: 'agent', name: 'Anna Agent' });
    verify = await loadDocumentedVerifier();
    const allowed = await ctx.app.inject({ method: 'PUT', url: '/api/v1/webhooks/settings', headers: admin.headers, payload: { allowPrivateTargets: true } });
    expect(allowed.statusCode).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
  });
  beforeEach(async () => {
    ctx.clock.set(FRIDAY_EVENING);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.stop();
    for (const s of await ctx.deps.webhooks.listSubscriptions()) await ctx.deps.webhooks.deleteSubscription({ id: s.id });
  });

  async function subscribe(events: readonly string[] = WEBHOOK_EVENT_TYPES): Promise<{ id: string; secret: string }> {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin.headers, payload: { url: receiver.url, events } });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  const send = (path: string, caller: Caller, payload: Record<string, unknown>, method: 'POST' | 'PATCH' = 'POST') =>
    ctx.app.inject({ method, url: path, headers: caller.headers, payload }).then((res) => {
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    });

  async function deliveriesOf(subscriptionId: string) {
    return ctx.deps.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('event_id').execute();
  }

  it('delivers every event type, each signed so that the documented snippet verifies it; access requests never carry credentials', async () => {
    const { secret } = await subscribe();
    const customer = await customerWith(ctx, 'fresh'); // license.changed
    const ticket = (await openTicket(ctx, customer, { subject: 'Catalog' })).json(); // ticket.created
    await send(`/api/v1/tickets/${ticket.id}/messages`, customer, { body: 'Also the search.' }); // message.customer
    await send(`/api/v1/tickets/${ticket.id}`, agent, { assigneeId: agent.userId }, 'PATCH'); // ticket.assigned
    await send(`/api/v1/tickets/${ticket.id}/messages`, agent, { body: 'Which version?' }); // message.agent, status → pending
    await send(`/api/v1/tickets/${ticket.id}/messages`, customer, { body: 'Version 7.' }); // message.customer, status → open
    ctx.clock.set(Date.parse(ticket.replyDueAt) + MINUTE);
    expect(await ctx.deps.webhooks.scanBreaches()).toEqual({ breached: 1 }); // ticket.breached
    expect(await ctx.deps.webhooks.scanBreaches()).toEqual({ breached: 0 });
    await send(`/api/v1/tickets/${ticket.id}`, agent, { status: 'resolved' }, 'PATCH'); // status_changed, resolved
    await send(`/api/v1/tickets/${ticket.id}/rating`, customer, { rating: 5, comment: 'Thanks' }); // ticket.rated
    const other = (await openTicket(ctx, customer, { subject: 'Write my CSS' })).json();
    await send(`/api/v1/tickets/${other.id}/decline`, agent, { reason: 'out_of_scope' }); // declined, resolved
    await submittedScene(ctx); // access.requested (and the customer then sends the credentials)

    await ctx.deps.webhookSender.deliverDue();
    expect(new Set(receiver.received.map((r) => r.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    const now = ctx.clock.now();
    for (const r of receiver.received) {
      const header = r.headers['supportdesk-signature'] as string;
      expect(verify(r.body, header, secret, { now }), r.type).toBe(true);
      expect(verifySignature({ secret, body: r.body, header, now })).toBe(true);
      expect(verify(r.body.replace('"', ' "'), header, secret, { now })).toBe(false);
      expect(verify(r.body, header, `${secret}x`, { now })).toBe(false);
      expect(verify(r.body, header, secret, { now: now + 301_000 })).toBe(false);
      expect(r.headers['supportdesk-event-id']).toBe(r.id);
      expect(r.headers['supportdesk-event-type']).toBe(r.type);
      expect(r.body).not.toContain(SECRET_PASSWORD);
    }
    const byType = (type: string) => receiver.received.filter((r) => r.type === type).map((r) => JSON.parse(r.body));
    const [access] = byType('access.requested');
    expect(Object.keys(access.data).sort()).toEqual(['accessRequest', 'ticket']);
    expect(access.data.accessRequest).toEqual({ id: expect.any(String), kind: 'ftp' });
    expect(byType('ticket.breached')[0].data.message).toEqual({ id: expect.any(String), replyDueAt: ticket.replyDueAt });
    expect(byType('license.changed')[0].data).toMatchObject({ license: { customerEmail: customer.email, status: 'active' }, change: { outcome: 'created' } });
    expect(byType('message.agent')[0].data.message).toMatchObject({ body: 'Which version?', authorRole: 'agent', internal: false });
    expect(byType('ticket.declined')[0].data).toMatchObject({ ticket: { id: other.id, status: 'resolved' }, change: { reason: 'out_of_scope' } });
    expect(byType('ticket.created').find((b) => b.data.ticket.id === ticket.id).data.message).toMatchObject({ authorRole: 'customer', internal: false });
    expect(byType('ticket.created').find((b) => b.data.ticket.id === ticket.id).data.ticket).toMatchObject({
      id: ticket.id,
      number: ticket.number,
      customer: { email: customer.email },
    });
    // One ticket's events arrive in the order they happened.
    expect(receiver.received.filter((r) => r.ticketId === ticket.id).map((r) => r.type)).toEqual([
      'ticket.created',
      'message.customer',
      'ticket.assigned',
      'ticket.status_changed', // the timeline's order: the reply's status change, then the reply
      'message.agent',
      'ticket.status_changed',
      'message.customer',
      'ticket.breached',
      'ticket.status_changed',
      'ticket.resolved',
      'ticket.rated',
    ]);
  });

  it('a receiver down for 5 minutes gets every event afterwards, in order per ticket, none lost', async () => {
    const { id } = await subscribe(['ticket.created', 'message.customer', 'message.agent', 'ticket.status_changed']);
    await receiver.stop();
    const customer = await customerWith(ctx, 'fresh');
    const a = (await openTicket(ctx, customer, { subject: 'A' })).json();
    const b = (await openTicket(ctx, customer, { subject: 'B' })).json();
    for (const n of [1, 2]) {
      await send(`/api/v1/tickets/${a.id}/messages`, customer, { body: `A${n}` });
      await send(`/api/v1/tickets/${b.id}/messages`, customer, { body: `B${n}` });
    }
    await send(`/api/v1/tickets/${a.id}/messages`, agent, { body: 'A answered' });
    const start = ctx.clock.now();
    while (ctx.clock.now() < start + 5 * MINUTE) {
      await ctx.deps.webhookSender.deliverDue();
      ctx.clock.advance(15_000);
    }
    expect(receiver.received).toEqual([]);
    const waiting = await deliveriesOf(id);
    expect(waiting.every((d) => d.status === 'pending')).toBe(true);
    expect(Math.max(...waiting.map((d) => d.attempts))).toBeGreaterThan(3);

    await receiver.start();
    for (let i = 0; i < 20 && receiver.accepted().length < waiting.length; i++) {
      ctx.clock.advance(MINUTE);
      await ctx.deps.webhookSender.deliverDue();
    }
    expect(
      receiver
        .accepted()
        .map((r) => r.id)
        .sort(),
    ).toEqual(waiting.map((d) => d.event_id).sort());
    expect((await deliveriesOf(id)).every((d) => d.status === 'delivered')).toBe(true);
    const bodies = (ticketId: string) =>
      receiver
        .accepted()
        .filter((r) => r.ticketId === ticketId)
        .map((r) => `${r.type}:${r.type === 'ticket.created' ? '' : (JSON.parse(r.body).data.message?.body ?? '')}`);
    expect(bodies(a.id)).toEqual(['ticket.created:', 'message.customer:A1', 'message.customer:A2', 'ticket.status_changed:', 'message.agent:A answered']);
    expect(bodies(b.id)).toEqual(['ticket.created:', 'message.customer:B1', 'message.customer:B2']);
    expect((await ctx.deps.webhooks.findSubscription(id)).failing_since).toBeNull();
  });

  it('retries with exponential backoff for 24 hours, then fails; a day of failures pauses the subscription and mails the admins', async () => {
    receiver.respond(() => ({ status: 500 }));
    const { id } = await subscribe(['ticket.created']);
    const customer = await customerWith(ctx, 'fresh');
    await openTicket(ctx, customer);
    for (let i = 0; i < 60; i++) {
      await ctx.deps.webhookSender.deliverDue();
      const [d] = await deliveriesOf(id);
      if (d!.status !== 'pending') break;
      ctx.clock.set(d!.next_attempt_at);
    }
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: 'failed', last_status_code: 500 });
    const log = (await ctx.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries/${delivery!.event_id}`, headers: admin.headers })).json();
    const starts = log.attemptLog.map((a: { startedAt: string }) => Date.parse(a.startedAt));
    expect(starts.slice(1, 5).map((t: number, i: number) => t - starts[i])).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(Math.max(...starts.slice(1).map((t: number, i: number) => t - starts[i]))).toBe(3600_000);
    expect(starts.at(-1) - starts[0]).toBeGreaterThanOrEqual(RETRY_FOR_MS - 3600_000);
    expect(log.attemptLog[0]).toMatchObject({ attempt: 1, statusCode: 500, responseBody: 'ok', durationMs: expect.any(Number) });
    expect(log.attemptLog[0].requestHeaders['supportdesk-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(log.requestBody)).toMatchObject({ id: delivery!.event_id, type: 'ticket.created' });
    expect(receiver.received.length).toBe(log.attemptLog.length);

    const subscription = (await ctx.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}`, headers: admin.headers })).json();
    expect(subscription).toMatchObject({ status: 'paused', pausedReason: 'failing' });
    const mails = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'webhook_paused').execute();
    expect(mails.map((m) => m.to_address)).toContain(admin.email);
    expect(mails.map((m) => m.to_address)).not.toContain(agent.email);

    // Paused: new events are not kept for it. Redeliver and resume bring it back.
    await openTicket(ctx, customer);
    expect(await deliveriesOf(id)).toHaveLength(1);
    receiver.respond(() => ({ status: 204 }));
    const resumed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/webhooks/${id}`, headers: admin.headers, payload: { status: 'active' } });
    expect(resumed.json()).toMatchObject({ status: 'active', pausedReason: null, failingSince: null });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/deliveries/${delivery!.event_id}/redeliver`, headers: admin.headers });
    expect(again.statusCode).toBe(202);
    await ctx.deps.webhookSender.deliverDue();
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'delivered', last_status_code: 204 });
    expect(receiver.accepted().map((r) => r.id)).toEqual([delivery!.event_id]);
  });

  it('does not follow redirects, gives up on a silent receiver after the timeout, and redelivers the same event id', async () => {
    const { id } = await subscribe(['ticket.created']);
    receiver.respond((r) => (r.path === '/hooks' ? { status: 302, headers: { location: `http://127.0.0.1:${receiver.port}/elsewhere` } } : { status: 200 }));
    const customer = await customerWith(ctx, 'fresh');
    await openTicket(ctx, customer);
    await ctx.deps.webhookSender.deliverDue();
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks']);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'pending', last_status_code: 302 });

    receiver.respond(() => ({ status: 200, delayMs: 3000 }));
    const impatient = createWebhookDelivery({
      db: ctx.deps.db,
      clock: ctx.clock,
      logger: ctx.deps.logger,
      outbox: ctx.deps.mail,
      publicUrl: '',
      timeoutMs: 300,
    });
    ctx.clock.advance(MINUTE);
    await impatient.deliverDue();
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'pending', last_status_code: null, last_error: 'timed out after 300 ms' });

    receiver.respond(() => ({ status: 200 }));
    ctx.clock.advance(MINUTE);
    await ctx.deps.webhookSender.deliverDue();
    const [delivered] = await deliveriesOf(id);
    expect(delivered!.status).toBe('delivered');
    await ctx.app.inject({ method: 'POST', url: `/api/v1/webhooks/${id}/deliveries/${delivered!.event_id}/redeliver`, headers: admin.headers });
    await ctx.deps.webhookSender.deliverDue();
    const ids = receiver.received.filter((r) => r.path === '/hooks').map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set([delivered!.event_id]));
    expect(receiver.accepted()).toHaveLength(1);
    const page = (await ctx.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries`, headers: admin.headers })).json();
    expect(page.items).toEqual([expect.objectContaining({ eventId: delivered!.event_id, type: 'ticket.created', status: 'delivered', attempts: 4 })]);
  });
});
