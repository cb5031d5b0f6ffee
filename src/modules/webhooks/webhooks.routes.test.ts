import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { startReceiver } from '../../../test/webhooks.js';
import { isPrivateAddress } from './webhooks.address.js';

describe('private, loopback and link-local addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.10.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['not an address', true],
    ['93.184.216.34', false],
    ['172.32.0.1', false],
    ['8.8.8.8', false],
    ['2a00:1450:4001::1', false],
    ['::ffff:93.184.216.34', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe.each(TEST_DIALECTS)('webhook routes on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const create = (headers: Record<string, string>, url: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload: { url, events: ['ticket.created'] } });
  const setAllowPrivate = (allow: boolean) =>
    ctx.app.inject({ method: 'PUT', url: '/api/v1/webhooks/settings', headers: admin.headers, payload: { allowPrivateTargets: allow } });

  it('only admins and tokens with webhooks:write manage webhooks; the secret is shown once', async () => {
    await setAllowPrivate(true);
    const customer = await customerWith(ctx, 'fresh');
    const agent = await signInAs(ctx, { role: 'agent' });
    for (const caller of [customer, agent]) {
      const res = await create(caller.headers, 'http://127.0.0.1:9/x');
      expect([res.statusCode, res.json().code]).toEqual([403, 'auth.forbidden']);
      const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: caller.headers });
      expect(list.statusCode).toBe(403);
    }
    const licensesToken = await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] });
    expect((await create(licensesToken.headers, 'http://127.0.0.1:9/x')).json().code).toBe('auth.scope_denied');
    expect((await create({}, 'http://127.0.0.1:9/x')).statusCode).toBe(401);
    const token = await tokenFor(ctx, { role: 'admin', scopes: ['webhooks:write'] });
    const created = await create(token.headers, 'http://127.0.0.1:9/x');
    expect(created.statusCode).toBe(201);
    expect(created.json().secret).toMatch(/^whsec_/);
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: token.headers })).json();
    expect(list.items.map((s: { id: string }) => s.id)).toContain(created.json().id);
    expect(JSON.stringify(list)).not.toContain(created.json().secret);
    expect(list.eventTypes).toHaveLength(11);
    const rotated = (await ctx.app.inject({ method: 'POST', url: `/api/v1/webhooks/${created.json().id}/rotate-secret`, headers: token.headers })).json();
    expect(rotated.secret).not.toBe(created.json().secret);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.json().id}`, headers: admin.headers });
    expect(deleted.statusCode).toBe(204);
    const gone = await ctx.app.inject({ method: 'GET', url: `/api/v1/webhooks/${created.json().id}`, headers: admin.headers });
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'webhooks.not_found']);
  });

  it('refuses private, loopback and link-local targets unless the setting allows them, and odd URLs always', async () => {
    await setAllowPrivate(false);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/webhooks/settings', headers: admin.headers })).json()).toEqual({ allowPrivateTargets: false });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://10.0.0.5/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
    ]) {
      const res = await create(admin.headers, url);
      expect([url, res.statusCode, res.json().code]).toEqual([url, 400, 'webhooks.private_address']);
    }
    for (const url of ['ftp://example.com/hook', 'http://user:pass@example.com/hook', 'not a url', 'file:///etc/passwd']) {
      const res = await create(admin.headers, url);
      expect([url, res.statusCode, res.json().code]).toEqual([url, 400, 'webhooks.invalid_url']);
    }
    expect(await ctx.deps.webhooks.listSubscriptions()).toEqual([]);
  });

  it('checks the address again at delivery time: a name that now points inside is not called', async () => {
    const receiver = await startReceiver();
    try {
      await setAllowPrivate(true);
      const created = await create(admin.headers, `http://localhost:${receiver.port}/hooks`);
      expect(created.statusCode).toBe(201);
      await setAllowPrivate(false);
      await openTicket(ctx, await customerWith(ctx, 'fresh'));
      await ctx.deps.webhookSender.deliverDue();
      expect(receiver.received).toEqual([]);
      const [delivery] = await ctx.deps.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', created.json().id).execute();
      expect(delivery).toMatchObject({ status: 'pending', last_status_code: null });
      expect(delivery!.last_error).toMatch(/^refused: (127\.0\.0\.1|::1) is a private, loopback or link-local address$/);
      await setAllowPrivate(true);
      ctx.clock.advance(60_000);
      await ctx.deps.webhookSender.deliverDue();
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.stop();
      for (const s of await ctx.deps.webhooks.listSubscriptions()) await ctx.deps.webhooks.deleteSubscription({ id: s.id });
    }
  });
});
