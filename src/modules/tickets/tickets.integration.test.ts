import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, giveLicense, openTicket } from '../../../test/tickets.js';

// The API as a shop uses it: list what changed, create without duplicates, write without losing
// someone else's change.
describe.each(TEST_DIALECTS)('the API for integrations, on %s', (dialect) => {
  let ctx: TestContext;
  let shop: { userId: string; headers: Record<string, string> };
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    shop = await tokenFor(ctx, { role: 'admin' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const list = (query: string, headers = shop.headers) => ctx.app.inject({ method: 'GET', url: `/api/v1/tickets?${query}`, headers });

  it('lists tickets by customer email, license key and updated-since, oldest change first, page by page', async () => {
    const alice = await customerWith(ctx, 'fresh');
    const bob = await customerWith(ctx, 'fresh');
    await giveLicense(ctx, { email: alice.email, key: `LIC-${dialect}-A` });
    const a1 = (await openTicket(ctx, alice, { subject: 'A1', licenseKey: `LIC-${dialect}-A` })).json();
    ctx.clock.advance(1000);
    const a2 = (await openTicket(ctx, alice, { subject: 'A2' })).json();
    ctx.clock.advance(1000);
    const b1 = (await openTicket(ctx, bob, { subject: 'B1' })).json();
    const since = new Date(ctx.clock.now() - 2000).toISOString();
    ctx.clock.advance(1000);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${a1.id}/messages`, headers: alice.headers, payload: { body: 'More.' } });

    const byEmail = (await list(`customerEmail=${encodeURIComponent(alice.email.toUpperCase())}`)).json();
    expect(byEmail.items.map((t: { id: string }) => t.id).sort()).toEqual([a1.id, a2.id].sort());
    expect((await list('customerEmail=nobody%40example.test')).json()).toEqual({ items: [], nextCursor: null });
    const byLicense = (await list(`licenseKey=LIC-${dialect}-A`)).json();
    expect(byLicense.items.map((t: { id: string }) => t.id)).toEqual([a1.id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`updatedSince=${encodeURIComponent(since)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((t: { id: string }) => t.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    // a2 and b1 in the order they changed, then a1, changed last by its new message.
    expect(seen.filter((id) => [a1.id, a2.id, b1.id].includes(id))).toEqual([a2.id, b1.id, a1.id]);
    // A customer's list stays their own, whatever they filter by.
    const mine = (await list(`updatedSince=${encodeURIComponent(since)}&customerEmail=${encodeURIComponent(alice.email)}`, bob.headers)).json();
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual([b1.id]);
    const mixed = await list(`updatedSince=${encodeURIComponent(since)}&q=catalog`);
    expect([mixed.statusCode, mixed.json().code]).toEqual([400, 'request.invalid']);
    const badCursor = await list(`updatedSince=${encodeURIComponent(since)}&cursor=abc`);
    expect([badCursor.statusCode, badCursor.json().code]).toEqual([400, 'request.invalid']);
  });

  describe('Idempotency-Key', () => {
    let agent: Caller;
    let customer: Caller;
    beforeAll(async () => {
      agent = await signInAs(ctx, { role: 'agent' });
      customer = await customerWith(ctx, 'fresh');
    });
    const create = (key: string, headers: Record<string, string>, subject = 'From the shop') =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: { ...headers, 'idempotency-key': key },
        payload: { kind: 'question', subject, body: 'Order 1042 needs help.', customerEmail: customer.email },
      });
    const countBySubject = async (subject: string) => (await ctx.deps.db.selectFrom('tickets').select('id').where('subject', '=', subject).execute()).length;

    it('the same key returns the first answer; another body with it is refused; keys are per caller', async () => {
      const first = await create(`k1-${dialect}`, shop.headers, 'Same key');
      expect(first.statusCode).toBe(201);
      const again = await create(`k1-${dialect}`, shop.headers, 'Same key');
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await countBySubject('Same key')).toBe(1);
      const other = await create(`k1-${dialect}`, shop.headers, 'Another subject');
      expect([other.statusCode, other.json().code]).toEqual([409, 'idempotency.key_reused']);
      const byAgent = await create(`k1-${dialect}`, agent.headers, 'Same key');
      expect(byAgent.json().id).not.toBe(first.json().id);
      const bad = await create('x'.repeat(256), shop.headers);
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'idempotency.invalid_key']);
      // A day later the key is free again.
      ctx.clock.advance(24 * 3600_000 + 1);
      const later = await create(`k1-${dialect}`, shop.headers, 'Same key');
      expect(later.json().id).not.toBe(first.json().id);
    });

    it('200 requests with one key at once create one ticket, and all get its answer', async () => {
      const answers = await Promise.all(Array.from({ length: 200 }, () => create(`burst-${dialect}`, shop.headers, 'Burst')));
      expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
      expect(await countBySubject('Burst')).toBe(1);
    });

    it('a key whose first request died with its process is taken over after five minutes, not before', async () => {
      // The same request under another key shows what its row holds (the hash of method, path and body).
      const probe = await create(`probe-${dialect}`, shop.headers, 'Dead process');
      const stored = await ctx.deps.db.selectFrom('idempotency_keys').selectAll().where('key', '=', `probe-${dialect}`).executeTakeFirstOrThrow();
      await ctx.deps.db
        .insertInto('idempotency_keys')
        .values({
          ...stored,
          key: `dead-${dialect}`,
          status: 'pending',
          response_status: null,
          response_headers: null,
          response_body: null,
          created_at: ctx.clock.now() - 60_000,
        })
        .execute();
      // Still someone's, as far as anyone can tell: the duplicate waits, then is told to retry later.
      const waiting = create(`dead-${dialect}`, shop.headers, 'Dead process');
      for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 10));
      ctx.clock.advance(31_000);
      const busy = await waiting;
      expect([busy.statusCode, busy.json().code]).toEqual([409, 'idempotency.in_progress']);
      ctx.clock.advance(5 * 60_000);
      const taken = await create(`dead-${dialect}`, shop.headers, 'Dead process');
      expect(taken.statusCode).toBe(201);
      expect(taken.json().id).not.toBe(probe.json().id);
      expect(await countBySubject('Dead process')).toBe(2);
    });

    it('a request retried after its answer was lost (a client timeout) creates one ticket', async () => {
      await ctx.app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { port } = ctx.app.server.address() as AddressInfo;
        const body = JSON.stringify({ kind: 'question', subject: 'Lost answer', body: 'Order 7.', customerEmail: customer.email });
        const headers = { ...shop.headers, 'idempotency-key': `lost-${dialect}`, 'content-type': 'application/json' };
        // The client sends the request and gives up at once, never reading the answer.
        await new Promise<void>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => {
            const head = Object.entries({ ...headers, host: `127.0.0.1:${port}`, 'content-length': String(Buffer.byteLength(body)) })
              .map(([k, v]) => `${k}: ${v}`)
              .join('\r\n');
            socket.end(`POST /api/v1/tickets HTTP/1.1\r\n${head}\r\n\r\n${body}`, () => {
              socket.destroy();
              resolve();
            });
          });
          socket.on('error', reject);
        });
        for (let i = 0; i < 100 && (await countBySubject('Lost answer')) === 0; i++) await new Promise((r) => setTimeout(r, 50));
        const retry = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, { method: 'POST', headers, body });
        expect(retry.status).toBe(201);
        const created = await ctx.deps.db.selectFrom('tickets').select('id').where('subject', '=', 'Lost answer').execute();
        expect(created).toHaveLength(1);
        expect(((await retry.json()) as { id: string }).id).toBe(created[0]!.id);
      } finally {
        await ctx.app.server.close();
      }
    });
  });

  it('PATCH with a stale If-Match answers 412 and writes nothing, for tickets and licenses', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: shop.headers });
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    const patch = (payload: object, ifMatch?: string) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: { ...shop.headers, ...(ifMatch && { 'if-match': ifMatch }) }, payload });
    // Two writers holding the same ETag: one wins, the other is told.
    const [one, two] = await Promise.all([patch({ priority: 'high' }, etag), patch({ priority: 'low' }, etag)]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 412]);
    const loser = one.statusCode === 412 ? one : two;
    expect(loser.json().code).toBe('request.precondition_failed');
    const winner = one.statusCode === 200 ? one : two;
    const now = (await ctx.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: shop.headers })).json().ticket;
    expect(now.priority).toBe(winner.json().priority);
    expect(winner.headers.etag).not.toBe(etag);
    expect((await patch({ tags: ['vip'] }, winner.headers.etag as string)).statusCode).toBe(200);
    expect((await patch({ tags: ['x'] }, '*')).statusCode).toBe(200);

    const key = `ETAG-${dialect}`;
    await giveLicense(ctx, { email: customer.email, key });
    const license = await ctx.app.inject({ method: 'GET', url: `/api/v1/licenses/${key}`, headers: shop.headers });
    const licenseEtag = license.headers.etag as string;
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/licenses/${key}`, headers: shop.headers, payload: { domains: ['new.example.test'] } });
    const stale = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/licenses/${key}`,
      headers: { ...shop.headers, 'if-match': licenseEtag },
      payload: { status: 'refunded' },
    });
    expect([stale.statusCode, stale.json().code]).toEqual([412, 'request.precondition_failed']);
    const after = await ctx.app.inject({ method: 'GET', url: `/api/v1/licenses/${key}`, headers: shop.headers });
    expect(after.json()).toMatchObject({ status: 'active', domains: ['new.example.test'] });
    const fresh = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/licenses/${key}`,
      headers: { ...shop.headers, 'if-match': after.headers.etag as string },
      payload: { status: 'refunded' },
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().status).toBe('refunded');
  });
});
