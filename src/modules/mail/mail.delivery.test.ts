import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/mail.js';
import { computeMailBackoffMs } from './mail.delivery.js';
import { classifySmtpError } from './mail.transport.js';

describe('SMTP failures', () => {
  it('a refused recipient is final; an unreachable server or a 4xx is tried again', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550 })).toBe('permanent');
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 554 })).toBe('permanent');
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451 })).toBe('transient');
    expect(classifySmtpError({ code: 'ESOCKET' })).toBe('outage');
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535 })).toBe('outage'); // fix the settings, and the mail still goes
    expect(classifySmtpError({ responseCode: 421 })).toBe('outage');
  });

  it('retries back off from 30 seconds to at most an hour', () => {
    expect([1, 2, 3, 20].map(computeMailBackoffMs)).toEqual([30_000, 60_000, 120_000, 3600_000]);
  });
});

describe.each(TEST_DIALECTS)('sending the outbox on %s', (dialect) => {
  let smtp: TestSmtpServer;
  let ctx: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.refuse(() => false);
    await smtp.start(); // up again if a test left it stopped
    ctx = await createTestContext({ dialect, config: smtp.config });
  });
  afterEach(async () => {
    await ctx.close();
  });

  async function enqueue(count: number, to = (i: number) => `customer${i}@example.test`): Promise<void> {
    await ctx.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i++) {
        await ctx.deps.mail.enqueue({
          trx,
          to: to(i),
          template: 'reset_password',
          language: 'ru',
          name: `Клиент ${i}`,
          link: `http://localhost:3000/r?token=${i}`,
        });
      }
    });
  }

  async function outbox() {
    return ctx.deps.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  it('after an SMTP outage every mail is delivered, once, with its stored Message-ID', async () => {
    await enqueue(5);
    await smtp.stop();
    expect(await ctx.deps.mailer.delivery.deliverQueued()).toEqual({ sent: 0, retried: 5, failed: 0 });
    for (const row of await outbox()) expect(row).toMatchObject({ status: 'queued', sent_at: null, next_attempt_at: ctx.clock.now() + 30_000 });

    await smtp.start();
    expect((await ctx.deps.mailer.delivery.deliverQueued()).sent).toBe(0); // still backing off
    ctx.clock.advance(30_000);
    expect(await ctx.deps.mailer.delivery.deliverQueued()).toEqual({ sent: 5, retried: 0, failed: 0 });
    expect(await ctx.deps.mailer.delivery.deliverQueued()).toEqual({ sent: 0, retried: 0, failed: 0 });

    const rows = await outbox();
    expect(rows.every((r) => r.status === 'sent' && r.sent_at === ctx.clock.now())).toBe(true);
    expect(smtp.received.map((m) => m.parsed.messageId).sort()).toEqual(rows.map((r) => r.message_id).sort());
    const first = smtp.received.find((m) => m.envelopeTo[0] === 'customer0@example.test')!;
    expect(first.parsed.subject).toBe('Восстановление пароля Supportdesk');
    expect(first.parsed.text).toContain('http://localhost:3000/r?token=0');
    expect(first.parsed.html).toContain('href="http://localhost:3000/r?token=0"');
    expect(first.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(first.parsed.from?.value[0]).toEqual({ name: 'Support', address: 'support@example.test' });
  });

  it('a mail left "sending" by a process that died before recording it goes once more with the same Message-ID', async () => {
    await enqueue(1);
    const [row] = await outbox();
    // The dead process had leased it and handed it to the server, but never recorded sent_at.
    await ctx.deps.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: 1, locked_by: 'dead-process', locked_until: ctx.clock.now() - 1 })
      .where('id', '=', row!.id)
      .execute();
    expect((await ctx.deps.mailer.delivery.deliverQueued()).sent).toBe(1);
    expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([row!.message_id]);
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a mail another process is sending right now (its lease holds) is not sent twice', async () => {
    await enqueue(1);
    await ctx.deps.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: 1, locked_by: 'live-process', locked_until: ctx.clock.now() + 60_000 })
      .execute();
    expect((await ctx.deps.mailer.delivery.deliverQueued()).sent).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('a recipient the server refuses for good is marked failed and the other mail still goes', async () => {
    smtp.refuse((address) => address === 'customer1@example.test');
    await enqueue(3);
    expect(await ctx.deps.mailer.delivery.deliverQueued()).toEqual({ sent: 2, retried: 0, failed: 1 });
    const failed = (await outbox()).find((r) => r.to_address === 'customer1@example.test');
    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(failed?.last_error).toMatch(/550/);
    const admin = await signInAs(ctx, { role: 'admin' });
    const status = await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status', headers: admin.headers });
    expect(status.json()).toMatchObject({ outboundConfigured: true, queued: 0, failed: 1 });
  });
});

describe.each(TEST_DIALECTS)('mail without SMTP settings on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('the outbox keeps the mail, and admins (only) see that mail is not configured', async () => {
    await ctx.deps.accounts.requestPasswordReset({ email: (await signInAs(ctx, { role: 'customer' })).email });
    expect(await ctx.deps.mailer.delivery.deliverQueued()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const admin = await signInAs(ctx, { role: 'admin' });
    const agent = await signInAs(ctx, { role: 'agent' });
    const status = await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status', headers: admin.headers });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ outboundConfigured: false, inboundMailboxes: 0, queued: 1, failed: 0, mailboxes: [] });
    expect(status.json().oldestQueuedAt).toBe(new Date(ctx.clock.now()).toISOString());
    const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status', headers: agent.headers });
    expect([denied.statusCode, denied.json().code]).toEqual([403, 'auth.forbidden']);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status' });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'auth.not_signed_in']);
  });
});
