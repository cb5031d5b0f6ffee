import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAs, type Caller } from '../../../test/app.js';
import { TEST_DIALECTS, TEST_PG_URL } from '../../../test/db.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { openSse, type SseStream } from '../../../test/sse.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { createDeps } from '../../deps.js';
import { buildApp } from '../../http/app.js';
import type { AppInstance } from '../../http/types.js';
import { createPgEventRelay, type PgEventRelay } from './live.pg-relay.js';

// LISTEN/NOTIFY is PostgreSQL's: on SQLite there is a single process and the bus stays local, so this
// suite has nothing to test there. It skips (visibly, through TEST_DIALECTS) when PostgreSQL is absent.
describe.skipIf(!TEST_DIALECTS.includes('postgres'))('live updates across processes through PostgreSQL LISTEN/NOTIFY', () => {
  let first: TestServer;
  let second: AppInstance;
  let secondUrl: string;
  let relays: PgEventRelay[];
  let agent: Caller;
  // NOTIFY channels are database-wide, not per schema: a channel of its own keeps parallel test files apart.
  const channel = `supportdesk_events_${randomBytes(4).toString('hex')}`;
  const open: SseStream[] = [];
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);

  async function watch(url: string, caller: Caller): Promise<SseStream> {
    const stream = await openSse(`${url}/api/v1/events`, { headers: caller.headers });
    open.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  }

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
  const relayPids = async () =>
    (await sql<{ pid: number }>('select pid from pg_stat_activity where application_name = $1 order by pid', [`supportdesk-events:${channel}`])).map(
      (r) => r.pid,
    );

  beforeAll(async () => {
    process.on('warning', onWarning);
    first = await startTestServer({ dialect: 'postgres' });
    // A second process: its own dependencies and event bus on the same database schema.
    const { config, db, clock, logger } = first.ctx.deps;
    const secondDeps = createDeps({ config, db, dialect: 'postgres', clock, logger });
    second = await buildApp(secondDeps);
    await second.listen({ port: 0, host: '127.0.0.1' });
    secondUrl = `http://127.0.0.1:${(second.server.address() as AddressInfo).port}`;
    const backoff = { initialMs: 20, maxMs: 200 };
    relays = [first.ctx.deps.events, secondDeps.events].map((bus) => createPgEventRelay({ databaseUrl: TEST_PG_URL, bus, logger, channel, backoff }));
    await Promise.all(relays.map((relay) => relay.ready));
    agent = await signInAs(first.ctx, { role: 'agent', name: 'Alice Agent' });
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    for (const stream of open) stream.close();
    await second?.close();
    await Promise.all((relays ?? []).map((relay) => relay.close()));
    await first?.close();
  });

  it('a ticket opened through one process reaches an agent watching another, and the opener itself through the echo', async () => {
    const onSecond = await watch(secondUrl, agent);
    const onFirst = await watch(first.url, agent);
    const customer = await customerWith(first.ctx, 'fresh');
    const ticket = (await openTicket(first.ctx, customer)).json();
    for (const stream of [onSecond, onFirst]) {
      const frame = await stream.nextEvent();
      expect(frame.event).toBe('ticket.created');
      expect(JSON.parse(frame.data)).toEqual({ ticketId: ticket.id, ticketNumber: ticket.number, type: 'ticket.created', at: '2026-11-27T16:00:00.000Z' });
    }
  });

  it('a burst of 40 tickets opened at once reaches the other process whole, one NOTIFY at a time on the connection', async () => {
    const onSecond = await watch(secondUrl, agent);
    const customer = await customerWith(first.ctx, 'fresh');
    const opened = await Promise.all(Array.from({ length: 40 }, (_, i) => openTicket(first.ctx, customer, { subject: `Burst ${i}` })));
    const ids = opened.map((res) => (res.json() as { id: string }).id);
    const heard: string[] = [];
    while (heard.length < ids.length) {
      const frame = await onSecond.nextEvent();
      if (frame.event === 'ticket.created') heard.push((JSON.parse(frame.data) as { ticketId: string }).ticketId);
    }
    expect(heard.sort()).toEqual([...ids].sort());
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
  });

  it("per-viewer rules hold after the trip: a customer on another process hears neither others' tickets nor presence", async () => {
    const alice = await customerWith(first.ctx, 'fresh');
    const bob = await customerWith(first.ctx, 'fresh');
    const colleague = await signInAs(first.ctx, { role: 'agent' });
    const aliceSees = await watch(secondUrl, alice);
    const colleagueSees = await watch(secondUrl, colleague);
    // Delivery between processes is asynchronous: open the streams first, then act.
    const aliceTicket = (await openTicket(first.ctx, alice)).json();
    expect(JSON.parse((await aliceSees.nextEvent()).data)).toMatchObject({ ticketId: aliceTicket.id, type: 'ticket.created' });

    await openTicket(first.ctx, bob);
    const typing = await first.ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${aliceTicket.id}/typing`, headers: agent.headers });
    expect(typing.statusCode).toBe(204);
    const reply = await first.ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${aliceTicket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Please clear the cache.' },
    });
    expect(reply.statusCode).toBe(201);

    expect(await aliceSees.nextEvent()).toMatchObject({ event: 'ticket.message', data: expect.stringContaining(aliceTicket.id) });
    expect(JSON.parse((await colleagueSees.nextEvent()).data)).toMatchObject({ ticketId: aliceTicket.id, type: 'ticket.created' });
    expect((await colleagueSees.nextEvent()).event).toBe('ticket.created');
    expect(JSON.parse((await colleagueSees.nextEvent()).data)).toMatchObject({ type: 'ticket.typing', agentId: agent.userId, agentName: 'Alice Agent' });
  });

  it('when the LISTEN connection drops, the relay reconnects and changes flow again; junk notifications are ignored', async () => {
    const before = await relayPids();
    expect(before).toHaveLength(2);
    await sql('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [`supportdesk-events:${channel}`]);
    await vi.waitFor(
      async () => {
        const after = await relayPids();
        expect(after).toHaveLength(2);
        expect(after.some((pid) => before.includes(pid))).toBe(false);
        expect(relays.every((relay) => relay.isListening())).toBe(true);
      },
      { timeout: 5000, interval: 50 },
    );

    const stream = await watch(secondUrl, agent);
    await sql('select pg_notify($1, $2)', [channel, '{"not":"a change"}']);
    const customer = await customerWith(first.ctx, 'fresh');
    const ticket = (await openTicket(first.ctx, customer)).json();
    expect(JSON.parse((await stream.nextEvent()).data)).toMatchObject({ ticketId: ticket.id, type: 'ticket.created' });
    expect(first.ctx.logs.join('')).toContain('ignored a malformed notification');
  });
});
