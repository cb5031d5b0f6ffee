import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/mail.js';
import { customerWith } from '../../../test/tickets.js';

const UNKNOWN_ID = '0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6071';

const MAIL_ROUTES = [
  ['GET', '/api/v1/admin/mail', undefined],
  ['GET', '/api/v1/admin/mail/settings', undefined],
  ['GET', `/api/v1/admin/mail/${UNKNOWN_ID}`, undefined],
  ['POST', `/api/v1/admin/mail/${UNKNOWN_ID}/retry`, undefined],
  ['POST', '/api/v1/admin/mail/test', { to: 'someone@example.test' }],
] as const;

describe.each(TEST_DIALECTS)('the admin outbox routes on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  let admin: Caller;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    ctx = await createTestContext({ dialect, config: smtp.config });
    admin = await signInAs(ctx, { role: 'admin', email: 'boss@example.test' });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.stop();
  });

  const get = (url: string) => ctx.app.inject({ method: 'GET', url, headers: admin.headers });
  const post = (url: string, payload?: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url, headers: admin.headers, payload });
  const outboxCount = async () =>
    Number(
      (
        await ctx.db.db
          .selectFrom('mail_outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('every route answers 401 to nobody and 403 to customers, agents and agent tokens, and writes nothing for them', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const agent = await signInAs(ctx, { role: 'agent' });
    const agentToken = await tokenFor(ctx, { role: 'agent' });
    const before = await outboxCount();
    for (const [method, url, payload] of MAIL_ROUTES) {
      expect((await ctx.app.inject({ method, url, payload })).statusCode, `${method} ${url} anonymous`).toBe(401);
      for (const [who, headers] of [
        ['customer', customer.headers],
        ['agent', agent.headers],
        ['agent token', agentToken.headers],
      ] as const) {
        const res = await ctx.app.inject({ method, url, headers, payload });
        expect([res.statusCode, res.json().code], `${method} ${url} as ${who}`).toEqual([403, 'auth.forbidden']);
      }
    }
    expect(await outboxCount()).toBe(before);
  });

  it('a test mail goes through the outbox, is audited, and a refused one fails, shows under failed, and retry puts it back to waiting', async () => {
    smtp.refuse((address) => address === 'nobody@example.test');
    const test = await post('/api/v1/admin/mail/test', { to: 'Nobody@Example.test' });
    expect(test.statusCode).toBe(201);
    const { id } = test.json();
    const waiting = (await get('/api/v1/admin/mail?status=waiting')).json();
    expect(waiting.items.map((m: { id: string }) => m.id)).toContain(id);

    await ctx.deps.mailer.delivery.deliverQueued();
    const failed = (await get('/api/v1/admin/mail?status=failed')).json().items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id, to: 'nobody@example.test', template: 'admin_test', status: 'failed', attempts: 1, sentAt: null });
    expect(failed[0].lastError).toMatch(/550/);
    expect((await get('/api/v1/admin/mail?status=waiting')).json().items.map((m: { id: string }) => m.id)).not.toContain(id);

    const detail = (await get(`/api/v1/admin/mail/${id}`)).json();
    expect(detail.headers).toMatchObject({ To: 'nobody@example.test', 'Auto-Submitted': 'auto-generated' });
    expect(detail.headers['Message-ID']).toMatch(/^<.+@.+>$/);
    expect(detail.text).toMatch(/test mail/);

    const retry = await post(`/api/v1/admin/mail/${id}/retry`);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ id, status: 'waiting', attempts: 0, lastError: null });
    const again = await post(`/api/v1/admin/mail/${id}/retry`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'mail.not_failed']);
    const missing = await post(`/api/v1/admin/mail/${UNKNOWN_ID}/retry`);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'mail.not_found']);

    smtp.refuse(() => false);
    await ctx.deps.mailer.delivery.deliverQueued();
    expect((await get(`/api/v1/admin/mail/${id}`)).json()).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.received.some((m) => m.envelopeTo.includes('nobody@example.test'))).toBe(true);

    const audit = async (action: string) => (await get(`/api/v1/audit?action=${action}`)).json().items;
    expect(await audit('mail.test_sent')).toEqual([
      expect.objectContaining({ actorEmail: 'boss@example.test', targetId: id, targetLabel: 'nobody@example.test' }),
    ]);
    expect(await audit('mail.retried')).toEqual([
      expect.objectContaining({ actorEmail: 'boss@example.test', targetId: id, before: { status: 'failed' }, after: { status: 'waiting' } }),
    ]);
  });

  it('twenty admins retrying one failed mail at once: one wins, the others get 409, and one audit entry is written', async () => {
    smtp.refuse((address) => address === 'race@example.test');
    const { id } = (await post('/api/v1/admin/mail/test', { to: 'race@example.test' })).json();
    await ctx.deps.mailer.delivery.deliverQueued();
    expect((await get(`/api/v1/admin/mail/${id}`)).json().status).toBe('failed');
    const results = await Promise.all(Array.from({ length: 20 }, () => post(`/api/v1/admin/mail/${id}/retry`)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, ...Array<number>(19).fill(409)]);
    const entries = (await get('/api/v1/audit?action=mail.retried')).json().items.filter((e: { targetId: string }) => e.targetId === id);
    expect(entries).toHaveLength(1);
    smtp.refuse(() => false);
    await ctx.deps.mailer.delivery.deliverQueued();
  });

  it("a mail's one-time link is hidden, the settings carry no password, and the list pages by cursor", async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'invited@example.test', name: 'Invited', role: 'agent' },
    });
    expect(res.statusCode).toBe(201);
    const row = await ctx.db.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'invited@example.test').executeTakeFirstOrThrow();
    const token = /token=([\w-]+)/.exec(row.text_body)?.[1];
    expect(token).toBeDefined();
    const detail = await get(`/api/v1/admin/mail/${row.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(token!);
    expect(detail.json().text).toContain('[link hidden]');

    const settings = await get('/api/v1/admin/mail/settings');
    expect(settings.json().smtp).toMatchObject({ host: smtp.config.smtpHost });
    expect(settings.body).not.toMatch(/password/i);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get(`/api/v1/admin/mail?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      all.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.length).toBe(await outboxCount());
    expect(new Set(all).size).toBe(all.length);
    const bad = await get('/api/v1/admin/mail?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });
});
