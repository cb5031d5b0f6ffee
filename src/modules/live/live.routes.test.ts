import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAs, tokenFor, type Caller } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { openSse, type SseStream } from '../../../test/sse.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { buildApp } from '../../http/app.js';
import { HEARTBEAT_MS } from './live.stream.js';

// Live updates over a real listening server and Node's fetch, as a browser's EventSource sees them.
describe.each(TEST_DIALECTS)('live updates (Server-Sent Events) on %s', (dialect) => {
  let server: TestServer;
  let agent: Caller;
  const open: SseStream[] = [];

  async function watch(caller: { headers: Record<string, string> }): Promise<SseStream> {
    const stream = await openSse(`${server.url}/api/v1/events`, { headers: caller.headers });
    open.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }
  const post = (url: string, caller: Caller, payload?: Record<string, unknown>) =>
    server.ctx.app.inject({ method: 'POST', url, headers: caller.headers, payload });
  const typing = (ticketId: string, caller: Caller) => post(`/api/v1/tickets/${ticketId}/typing`, caller);

  beforeAll(async () => {
    server = await startTestServer({ dialect });
    agent = await signInAs(server.ctx, { role: 'agent', name: 'Alice Agent' });
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await server.close();
  });

  it('an agent watching the stream hears of a ticket a customer opens, by id only', async () => {
    const stream = await watch(agent);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect((await stream.nextFrame()).retry).toBe('5000');

    const customer = await customerWith(server.ctx, 'fresh');
    const ticket = (await openTicket(server.ctx, customer, { body: 'The secret body of the question' })).json();
    const frame = await stream.nextEvent();
    expect(frame.event).toBe('ticket.created');
    expect(frame.id).toMatch(/^\d+$/);
    expect(JSON.parse(frame.data)).toEqual({ ticketId: ticket.id, ticketNumber: ticket.number, type: 'ticket.created', at: '2026-11-27T16:00:00.000Z' });
    expect(frame.data).not.toContain('secret');

    await post(`/api/v1/tickets/${ticket.id}/messages`, agent, { body: 'Which version?' });
    const next = await stream.nextEvent();
    expect(next).toMatchObject({ event: 'ticket.message' });
    expect(Number(next.id)).toBeGreaterThan(Number(frame.id));
  });

  it("a customer hears of their own tickets' public changes only: not another customer's, not internal notes, not typing", async () => {
    const alice = await customerWith(server.ctx, 'fresh');
    const bob = await customerWith(server.ctx, 'fresh');
    const stream = await watch(alice);

    const first = (await openTicket(server.ctx, alice)).json();
    expect(JSON.parse((await stream.nextEvent()).data)).toMatchObject({ ticketId: first.id, type: 'ticket.created' });

    // None of these may reach Alice; what she hears next proves it, since one stream keeps its order.
    expect((await openTicket(server.ctx, bob)).statusCode).toBe(201);
    expect((await post(`/api/v1/tickets/${first.id}/messages`, agent, { body: 'Looks like a cache issue.', internal: true })).statusCode).toBe(201);
    expect((await typing(first.id, agent)).statusCode).toBe(204);
    const second = (await openTicket(server.ctx, alice)).json();
    expect(JSON.parse((await stream.nextEvent()).data)).toMatchObject({ ticketId: second.id, type: 'ticket.created' });

    expect((await post(`/api/v1/tickets/${first.id}/messages`, agent, { body: 'Please clear the cache.' })).statusCode).toBe(201);
    expect(await stream.nextEvent()).toMatchObject({ event: 'ticket.message', data: expect.stringContaining(first.id) });
  });

  it('a typing announcement reaches the other agents (bearer tokens too) but not the typist; repeats within 3 s are dropped', async () => {
    const bob = await signInAs(server.ctx, { role: 'admin', name: 'Bob Admin' });
    const carol = await tokenFor(server.ctx, { role: 'agent' });
    const customer = await customerWith(server.ctx, 'fresh');
    const ticket = (await openTicket(server.ctx, customer)).json();
    const [aliceSees, bobSees, carolSees] = [await watch(agent), await watch(bob), await watch(carol)];

    expect((await typing(ticket.id, agent)).statusCode).toBe(204);
    for (const stream of [bobSees, carolSees]) {
      const frame = await stream.nextEvent();
      expect(frame.event).toBe('ticket.typing');
      expect(JSON.parse(frame.data)).toEqual({
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        type: 'ticket.typing',
        agentId: agent.userId,
        agentName: 'Alice Agent',
        at: expect.any(String),
      });
    }

    server.ctx.clock.advance(2999);
    expect((await typing(ticket.id, agent)).statusCode).toBe(204); // accepted, but too soon to tell anyone
    expect((await typing(ticket.id, bob)).statusCode).toBe(204);
    expect(JSON.parse((await carolSees.nextEvent()).data)).toMatchObject({ type: 'ticket.typing', agentId: bob.userId });
    expect(JSON.parse((await aliceSees.nextEvent()).data)).toMatchObject({ type: 'ticket.typing', agentId: bob.userId });

    server.ctx.clock.advance(1);
    expect((await typing(ticket.id, agent)).statusCode).toBe(204);
    expect(JSON.parse((await carolSees.nextEvent()).data)).toMatchObject({ type: 'ticket.typing', agentId: agent.userId });
  });

  it('watching needs a signed-in person with a whole role; announcing needs an agent who can see the ticket', async () => {
    const anonymous = await server.ctx.app.inject({ method: 'GET', url: '/api/v1/events' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe('auth.not_signed_in');
    const shop = await tokenFor(server.ctx, { role: 'admin', scopes: ['licenses:write'] });
    const scoped = await server.ctx.app.inject({ method: 'GET', url: '/api/v1/events', headers: shop.headers });
    expect(scoped.statusCode).toBe(403);
    expect(scoped.json().code).toBe('auth.scope_denied');

    const customer = await customerWith(server.ctx, 'fresh');
    const ticket = (await openTicket(server.ctx, customer)).json();
    const byCustomer = await typing(ticket.id, customer);
    expect(byCustomer.statusCode).toBe(403);
    expect(byCustomer.json().code).toBe('auth.forbidden');
    const unknown = await typing('0190a0b0-0000-7000-8000-000000000000', agent);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('tickets.not_found');
    const noCsrf = await server.ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/typing`, headers: { cookie: agent.headers.cookie! } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('auth.csrf_invalid');
  });

  it('a viewer who leaves is unsubscribed at once', async () => {
    const before = server.ctx.deps.events.listenerCount();
    const first = await watch(agent);
    const second = await watch(await customerWith(server.ctx, 'none'));
    expect(server.ctx.deps.events.listenerCount()).toBe(before + 2);
    first.close();
    second.close();
    await vi.waitFor(() => expect(server.ctx.deps.events.listenerCount()).toBe(before), { timeout: 2000, interval: 10 });
  });

  it('a heartbeat comes every 25 s, and a viewer who signed out is cut off at the next one', async () => {
    // Only the heartbeat's setInterval is faked: sockets, fetch and the database keep real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const customer = await customerWith(server.ctx, 'fresh');
      const stream = await watch(customer);
      await stream.nextFrame(); // retry hint
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect((await stream.nextFrame()).comments).toEqual(['heartbeat']);

      expect((await post('/api/v1/auth/sign-out', customer)).statusCode).toBe(204);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      await stream.ended;
    } finally {
      vi.useRealTimers();
    }
  });

  it('closing the app ends open streams instead of waiting for the browsers', async () => {
    // A second app on the same dependencies and database, so closing it leaves the shared one running.
    const other = await buildApp(server.ctx.deps);
    await other.listen({ port: 0, host: '127.0.0.1' });
    const before = server.ctx.deps.events.listenerCount();
    const stream = await openSse(`http://127.0.0.1:${(other.server.address() as AddressInfo).port}/api/v1/events`, { headers: agent.headers });
    open.push(stream);
    expect(stream.status).toBe(200);
    expect(server.ctx.deps.events.listenerCount()).toBe(before + 1);
    await other.close();
    await stream.ended;
    expect(server.ctx.deps.events.listenerCount()).toBe(before);
  });
});
