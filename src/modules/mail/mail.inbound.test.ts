import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, runQueuedJobs, signInAs, tokenFor, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import {
  encodeKoi8r,
  hasDovecot,
  rawMail,
  sayWhyWithoutDovecot,
  startDovecot,
  startSmtpServer,
  type TestDovecot,
  type TestSmtpServer,
} from '../../../test/mail.js';
import { customerWith } from '../../../test/tickets.js';
import { ingestMailInputs } from '../../cli/mail.commands.js';
import { createJobRunner } from '../../jobs/jobs.runner.js';
import { createJobRegistry } from '../../jobs/registry.js';
import { createLogger } from '../../shared/logger.js';
import { SECRET_MASK } from '../vault/vault.secrets.js';

const HOUR = 3600_000;
// Internal dates must lie in the past of the machine's real clock (Dovecot replaces future ones).
const MONDAY = Date.parse('2026-10-05T09:00:00Z'); // 12:00 in Moscow
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1c1b30000000049454e44ae426082',
  'hex',
);

const MAIL_MAX_BYTES = 256 * 1024;
const ATTACHMENT_MAX_BYTES = 100 * 1024;

/**
 * The doors a mail comes in by: a polled IMAP mailbox, `POST /api/v1/mail/inbound` and
 * `supportdesk mail ingest` (its command body, in process; test/cli.ts runs the real binary in
 * mail.ingest.test.ts). Every case below runs through each door.
 */
type Door = 'imap' | 'http' | 'cli';
const CASES = TEST_DIALECTS.flatMap((dialect) => (['imap', 'http', 'cli'] as const).map((door: Door) => ({ dialect, door })));

async function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

sayWhyWithoutDovecot('the IMAP mail-in suites (src/modules/mail/mail.inbound.test.ts)');

let dovecot: TestDovecot;
let smtp: TestSmtpServer;
beforeAll(async () => {
  if (!hasDovecot) return;
  dovecot = await startDovecot({ users: TEST_DIALECTS.flatMap((d) => [`support-${d}@example.test`, `ideas-${d}@example.test`]) });
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await dovecot?.stop();
  await smtp?.stop();
});

// Dovecot comes from Debian's dovecot-imapd, which .ci/run installs; without it these tests cannot run.
describe.skipIf(!hasDovecot).each(CASES)('mail in through $door, on $dialect', ({ dialect, door }) => {
  const supportBox = `support-${dialect}@example.test`;
  const ideasBox = `ideas-${dialect}@example.test`;
  let ctx: TestContext;
  let agent: Caller;
  let inboundToken: Record<string, string>;
  let seq = 0;
  const handedOver: { raw: Buffer; to: string; at: number }[] = [];
  beforeAll(async () => {
    ctx = await createTestContext({
      dialect,
      config: {
        ...smtp.config,
        imapUrl: dovecot.urlFor(supportBox),
        imapKind: 'question',
        imap2Url: dovecot.urlFor(ideasBox),
        imap2Kind: 'suggestion',
        mailMaxBytes: MAIL_MAX_BYTES,
        attachmentMaxBytes: ATTACHMENT_MAX_BYTES,
      },
    });
    agent = await signInAs(ctx, { role: 'agent', name: 'Anna Agent' });
    inboundToken = (await tokenFor(ctx, { role: 'admin', scopes: ['mail:inbound'] })).headers;
  });
  afterAll(async () => {
    await ctx.close();
  });
  beforeEach(() => {
    ctx.clock.set(MONDAY + HOUR);
  });

  function messageId(): string {
    return `<m${++seq}-${door}-${dialect}@client.example.test>`;
  }

  /** The mail reaches us at `at`: the mailbox's receive time, or the instant it is handed over by HTTP or the pipe. */
  async function deliver(raw: Buffer, { to = supportBox, at = MONDAY } = {}): Promise<void> {
    if (door === 'imap') await dovecot.append(to, raw, new Date(at));
    else handedOver.push({ raw, to, at });
  }

  /** Lets the door take in what was delivered: a poll of the mailboxes, or the posts and pipes. */
  async function poll(): Promise<{ processed: number; failedMailboxes: number }> {
    if (door === 'imap') return ctx.deps.mailer.poller.pollAll();
    const now = ctx.clock.now();
    let processed = 0;
    for (const mail of handedOver.splice(0)) {
      ctx.clock.set(mail.at);
      // The support mailbox's kind is the default (SUPPORTDESK_IMAP_KIND); the ideas one is named.
      const kind = mail.to === ideasBox ? ('suggestion' as const) : undefined;
      if (door === 'http') {
        const res = await ctx.app.inject({
          method: 'POST',
          url: `/api/v1/mail/inbound${kind ? `?kind=${kind}` : ''}`,
          headers: { ...inboundToken, 'content-type': 'message/rfc822' },
          payload: mail.raw,
        });
        if (res.statusCode !== 200) throw new Error(`POST /api/v1/mail/inbound answered ${res.statusCode}: ${res.body}`);
      } else {
        await ingestMailInputs({
          inbound: ctx.deps.mailer.inbound,
          inputs: [{ name: '-', open: () => Readable.from([mail.raw]) }],
          kind,
          maxBytes: MAIL_MAX_BYTES,
          write: () => undefined,
        });
      }
      processed++;
    }
    ctx.clock.set(now);
    return { processed, failedMailboxes: 0 };
  }

  async function inbound(id: string) {
    return ctx.deps.db.selectFrom('mail_inbound').selectAll().where('message_id', '=', id).executeTakeFirstOrThrow();
  }

  async function messagesOf(ticketId: string) {
    return ctx.deps.db.selectFrom('ticket_messages').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();
  }

  async function outboxCount(): Promise<number> {
    return (await ctx.deps.db.selectFrom('mail_outbox').select('id').execute()).length;
  }

  it("a customer's mail opens a question when the mailbox received it; the reply to our notification lands in the same ticket", async () => {
    const customer = await customerWith(ctx, 'fresh', `ivan-${dialect}@example.test`);
    const first = messageId();
    await deliver(
      rawMail({
        headers: { From: `Ivan <${customer.email}>`, To: supportBox, Subject: 'Catalog error', 'Message-ID': first, Date: 'Mon, 05 Oct 2026 09:00:00 +0000' },
        body: 'The catalog page shows error 500.\n\n-- \nIvan Petrov\nExample LLC',
      }),
    );
    expect(await poll()).toEqual({ processed: 1, failedMailboxes: 0 });
    const { ticket_id: ticketId, outcome } = await inbound(first);
    expect(outcome).toBe('ticket_created');
    const ticket = await ctx.deps.db.selectFrom('tickets').selectAll().where('id', '=', ticketId!).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ kind: 'question', subject: 'Catalog error', customer_id: customer.userId, reply_due_at: MONDAY + 24 * HOUR });
    expect(await messagesOf(ticket.id)).toMatchObject([{ body: 'The catalog page shows error 500.', source: 'mail', external_id: first, arrived_at: MONDAY }]);
    await runQueuedJobs(ctx); // the new ticket's mails
    const [ack] = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', customer.email).execute();
    expect(ack).toMatchObject({ template: 'ticket_received', in_reply_to: first, references_header: first });

    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Clear the cache, please.' },
    });
    smtp.received.length = 0;
    await ctx.deps.mailer.delivery.deliverQueued();
    const notification = smtp.received.find((m) => m.envelopeTo.includes(customer.email) && m.parsed.text?.includes('Clear the cache'))!;
    expect(notification.parsed.inReplyTo).toBe(first);
    expect(notification.parsed.references).toBe(first);

    const answer = messageId();
    await deliver(
      rawMail({
        headers: {
          From: customer.email,
          To: supportBox,
          Subject: 'Re: something else entirely',
          'Message-ID': answer,
          'In-Reply-To': notification.parsed.messageId!,
          References: `${first} ${notification.parsed.messageId!}`,
        },
        body: `Thanks, it works now.\n\nOn Mon, 5 Oct 2026 at 12:00, Support <support@example.test> wrote:\n> Clear the cache, please.\n`,
      }),
      { at: MONDAY + 2 * HOUR },
    );
    await poll();
    expect(await inbound(answer)).toMatchObject({ outcome: 'reply_added', ticket_id: ticket.id });
    expect((await messagesOf(ticket.id)).at(-1)).toMatchObject({ body: 'Thanks, it works now.', author_role: 'customer', arrived_at: MONDAY + 2 * HOUR });
    expect((await ctx.deps.db.selectFrom('tickets').select('status').where('id', '=', ticket.id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('"[#123]" in the subject threads a reply that has no threading headers, but only into the sender\'s own ticket', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const other = await customerWith(ctx, 'fresh');
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: customer.headers,
      payload: { kind: 'question', subject: 'Slow admin', body: 'It is slow.' },
    });
    const ticket = created.json();
    const mine = messageId();
    const theirs = messageId();
    await deliver(
      rawMail({ headers: { From: customer.email, To: supportBox, Subject: `RE: [#${ticket.number}] Slow admin`, 'Message-ID': mine }, body: 'Still slow.' }),
    );
    await deliver(
      rawMail({ headers: { From: other.email, To: supportBox, Subject: `[#${ticket.number}] Slow admin`, 'Message-ID': theirs }, body: 'Me too.' }),
    );
    await poll();
    expect(await inbound(mine)).toMatchObject({ outcome: 'reply_added', ticket_id: ticket.id });
    const foreign = await inbound(theirs);
    expect(foreign.outcome).toBe('ticket_created');
    expect(foreign.ticket_id).not.toBe(ticket.id);
    const opened = await ctx.deps.db.selectFrom('tickets').select(['subject', 'customer_id']).where('id', '=', foreign.ticket_id!).executeTakeFirstOrThrow();
    expect(opened).toEqual({ subject: 'Slow admin', customer_id: other.userId });
  });

  it('a Russian subject and body arrive intact in KOI8-R and in UTF-8 quoted-printable', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const koi = messageId();
    const subject = encodeKoi8r('Ошибка в каталоге').toString('base64');
    await deliver(
      rawMail({
        headers: {
          From: customer.email,
          To: supportBox,
          Subject: `=?KOI8-R?B?${subject}?=`,
          'Message-ID': koi,
          'MIME-Version': '1.0',
          'Content-Type': 'text/plain; charset=koi8-r',
          'Content-Transfer-Encoding': '8bit',
        },
        body: encodeKoi8r('Здравствуйте! Каталог не открывается, ёлки.'),
      }),
    );
    const qp = messageId();
    await deliver(
      await compose({
        from: customer.email,
        to: supportBox,
        subject: 'Вопрос о лицензии',
        messageId: qp,
        text: 'Добрый день! Как перенести лицензию на новый домен?',
        textEncoding: 'quoted-printable',
      }),
    );
    await poll();
    const koiTicket = await ctx.deps.db
      .selectFrom('tickets')
      .select('subject')
      .where('id', '=', (await inbound(koi)).ticket_id!)
      .executeTakeFirstOrThrow();
    expect(koiTicket.subject).toBe('Ошибка в каталоге');
    expect((await messagesOf((await inbound(koi)).ticket_id!))[0]!.body).toBe('Здравствуйте! Каталог не открывается, ёлки.');
    const qpTicketId = (await inbound(qp)).ticket_id!;
    expect((await ctx.deps.db.selectFrom('tickets').select('subject').where('id', '=', qpTicketId).executeTakeFirstOrThrow()).subject).toBe(
      'Вопрос о лицензии',
    );
    expect((await messagesOf(qpTicketId))[0]!.body).toBe('Добрый день! Как перенести лицензию на новый домен?');
  });

  it("an auto-responder's answer to our mail and a bounce open nothing and get no answer, so no loop starts", async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: customer.headers,
        payload: { kind: 'question', subject: 'Backup', body: 'How?' },
      })
    ).json();
    const before = await outboxCount();
    const outOfOffice = messageId();
    const bounce = messageId();
    const listMail = messageId();
    await deliver(
      rawMail({
        headers: {
          From: customer.email,
          To: supportBox,
          Subject: `Out of office: [#${ticket.number}] Backup`,
          'Message-ID': outOfOffice,
          'Auto-Submitted': 'auto-replied',
        },
        body: 'I am away until Monday.',
      }),
    );
    await deliver(
      rawMail({
        headers: {
          From: 'Mail Delivery System <MAILER-DAEMON@mx.example.test>',
          To: supportBox,
          Subject: 'Undelivered Mail Returned to Sender',
          'Message-ID': bounce,
        },
        body: 'This is the mail system. Your message could not be delivered.',
      }),
    );
    await deliver(
      rawMail({ headers: { From: customer.email, To: supportBox, Subject: 'Weekly digest', 'Message-ID': listMail, Precedence: 'bulk' }, body: 'News.' }),
    );
    await poll();
    for (const id of [outOfOffice, bounce, listMail]) expect((await inbound(id)).outcome).toBe('ignored_automatic');
    expect(await messagesOf(ticket.id)).toHaveLength(1);
    expect(await outboxCount()).toBe(before);
  });

  it('the same Message-ID twice makes one message', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const id = messageId();
    const raw = rawMail({ headers: { From: customer.email, To: supportBox, Subject: 'Twice', 'Message-ID': id }, body: 'Sent twice by my client.' });
    await deliver(raw);
    await deliver(raw, { at: MONDAY + 60_000 });
    expect((await poll()).processed).toBe(2);
    const tickets = await ctx.deps.db.selectFrom('tickets').select('id').where('customer_id', '=', customer.userId).execute();
    expect(tickets).toHaveLength(1);
    expect(await messagesOf(tickets[0]!.id)).toHaveLength(1);
  });

  it('an unknown sender gets one polite answer a day, pointing to sign-up', async () => {
    const first = messageId();
    await deliver(rawMail({ headers: { From: 'stranger@example.test', To: supportBox, Subject: 'Помогите', 'Message-ID': first }, body: 'У меня вопрос.' }));
    await deliver(rawMail({ headers: { From: 'stranger@example.test', To: supportBox, Subject: 'Ещё раз', 'Message-ID': messageId() }, body: 'Ответьте!' }));
    await poll();
    expect((await inbound(first)).outcome).toBe('unknown_sender_answered');
    const answers = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'stranger@example.test').execute();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ template: 'unknown_sender', language: 'ru', in_reply_to: first, subject: 'Re: Помогите' });
    expect(answers[0]!.text_body).toContain('http://localhost:3000/sign-up');
    expect(JSON.parse(answers[0]!.headers!)).toMatchObject({ 'Auto-Submitted': 'auto-replied' });
    expect(await ctx.deps.db.selectFrom('tickets').select('id').where('subject', 'in', ['Помогите', 'Ещё раз']).execute()).toHaveLength(0);
  });

  it('a customer without a commercial license is refused by mail with the reason; the same mail to the ideas mailbox makes a suggestion', async () => {
    const customer = await customerWith(ctx, 'free');
    const question = messageId();
    const idea = messageId();
    await deliver(
      rawMail({ headers: { From: customer.email, To: supportBox, Subject: 'Dark theme', 'Message-ID': question }, body: 'Please add a dark theme.' }),
    );
    await deliver(rawMail({ headers: { From: customer.email, To: ideasBox, Subject: 'Dark theme', 'Message-ID': idea }, body: 'Please add a dark theme.' }), {
      to: ideasBox,
    });
    await poll();
    expect((await inbound(question)).outcome).toBe('refused_not_entitled');
    const [refusal] = await ctx.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', customer.email)
      .where('template', '=', 'support_not_entitled')
      .execute();
    expect(refusal).toMatchObject({ in_reply_to: question, subject: 'Re: Dark theme' });
    expect(refusal!.text_body).toContain('support tickets need an active commercial license');
    const suggestion = await inbound(idea);
    expect(suggestion.outcome).toBe('ticket_created');
    const ticket = await ctx.deps.db.selectFrom('tickets').selectAll().where('id', '=', suggestion.ticket_id!).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ kind: 'suggestion', customer_id: customer.userId, reply_due_at: null });
  });

  it("credentials in a mailed message are masked; attachments are kept under the web's rules and refused ones are named", async () => {
    const customer = await customerWith(ctx, 'fresh');
    const id = messageId();
    await deliver(
      await compose({
        from: customer.email,
        to: supportBox,
        subject: 'Access for you',
        messageId: id,
        text: 'Here is the access.\nFTP password: Hunter2-Secret!\nThanks',
        attachments: [
          { filename: 'screen.png', content: PNG, contentType: 'image/png' },
          { filename: 'setup.exe', content: Buffer.from('MZ fake program'), contentType: 'application/octet-stream' },
        ],
      }),
    );
    await poll();
    const { ticket_id: ticketId } = await inbound(id);
    const [message] = await messagesOf(ticketId!);
    expect(message!.body).not.toContain('Hunter2-Secret!');
    expect(message!.body).toContain(SECRET_MASK);
    expect(message!.body).toContain('setup.exe: This kind of file cannot be attached');
    const files = await ctx.deps.db.selectFrom('attachments').selectAll().where('message_id', '=', message!.id).execute();
    expect(files.map((f) => [f.file_name, f.content_type, f.uploader_id])).toEqual([['screen.png', 'image/png', customer.userId]]);
  });

  it('an agent answering a notification by mail replies on the ticket', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: customer.headers,
        payload: { kind: 'question', subject: 'Export', body: 'CSV?' },
      })
    ).json();
    await runQueuedJobs(ctx); // the new ticket's mails
    const [notice] = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', agent.email).where('ticket_id', '=', ticket.id).execute();
    const id = messageId();
    await deliver(
      rawMail({
        headers: { From: agent.email, To: supportBox, Subject: `Re: ${notice!.subject}`, 'Message-ID': id, 'In-Reply-To': notice!.message_id },
        body: 'Yes, under Reports.',
      }),
      { at: MONDAY + 2 * HOUR }, // after the ticket was opened (an HTTP or piped mail arrives when it is handed over)
    );
    await poll();
    expect(await inbound(id)).toMatchObject({ outcome: 'staff_reply_added', ticket_id: ticket.id });
    expect((await messagesOf(ticket.id)).at(-1)).toMatchObject({
      author_id: agent.userId,
      author_role: 'agent',
      visibility: 'public',
      body: 'Yes, under Reports.',
    });
  });

  it('a mail over the size limit makes nothing; a file over the attachment limit is refused and named in the message', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const huge = messageId();
    const raw = await compose({
      from: customer.email,
      to: supportBox,
      subject: 'Huge',
      messageId: huge,
      text: 'A big log.',
      attachments: [{ filename: 'huge.log', content: Buffer.alloc(MAIL_MAX_BYTES, 'a') }],
    });
    const bigFile = messageId();
    await deliver(
      await compose({
        from: customer.email,
        to: supportBox,
        subject: 'Big file',
        messageId: bigFile,
        text: 'Two logs attached.',
        attachments: [
          { filename: 'big.log', content: Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 'b') },
          { filename: 'small.log', content: Buffer.from('line one\n') },
        ],
      }),
    );
    if (door === 'http') {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/mail/inbound',
        headers: { ...inboundToken, 'content-type': 'message/rfc822' },
        payload: raw,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('request.too_large');
    } else {
      await deliver(raw);
    }
    await poll();
    if (door !== 'http')
      expect(
        await inbound(
          `<${createHash('sha256')
            .update(door === 'imap' ? raw : raw.subarray(0, MAIL_MAX_BYTES + 1))
            .digest('hex')}@inbound.example.test>`,
        ),
      ).toMatchObject({ outcome: 'refused_too_large' });
    expect(await ctx.deps.db.selectFrom('mail_inbound').select('outcome').where('message_id', '=', huge).execute()).toEqual([]);
    const { ticket_id: ticketId } = await inbound(bigFile);
    const [message] = await messagesOf(ticketId!);
    expect(message!.body).toContain('big.log: ');
    const files = await ctx.deps.db.selectFrom('attachments').select('file_name').where('message_id', '=', message!.id).execute();
    expect(files.map((f) => f.file_name)).toEqual(['small.log']);
    expect(await ctx.deps.db.selectFrom('tickets').select('id').where('subject', '=', 'Huge').execute()).toEqual([]);
  });

  if (door === 'http') {
    it('the HTTP door takes only message/rfc822, from an admin token with the mail:inbound scope', async () => {
      const raw = rawMail({ headers: { From: 'x@example.test', To: supportBox, Subject: 'x', 'Message-ID': messageId() }, body: 'x' });
      const post = (headers: Record<string, string>, payload: Buffer | string = raw) =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/mail/inbound', headers, payload });
      const noToken = await post({ 'content-type': 'message/rfc822' });
      expect([noToken.statusCode, noToken.json().code]).toEqual([401, 'auth.not_signed_in']);
      const licensesToken = (await tokenFor(ctx, { role: 'admin', scopes: ['licenses:write'] })).headers;
      const wrongScope = await post({ ...licensesToken, 'content-type': 'message/rfc822' });
      expect([wrongScope.statusCode, wrongScope.json().code]).toEqual([403, 'auth.scope_denied']);
      const agentToken = (await tokenFor(ctx, { role: 'agent' })).headers;
      const notAdmin = await post({ ...agentToken, 'content-type': 'message/rfc822' });
      expect([notAdmin.statusCode, notAdmin.json().code]).toEqual([403, 'auth.forbidden']);
      const asJson = await post({ ...inboundToken, 'content-type': 'application/json' }, JSON.stringify({ raw: raw.toString() }));
      expect([asJson.statusCode, asJson.json().code]).toEqual([400, 'request.invalid']);
      const asText = await post({ ...inboundToken, 'content-type': 'text/plain' });
      expect([asText.statusCode, asText.json().code]).toEqual([415, 'request.unsupported_media_type']);
      const badKind = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/mail/inbound?kind=spam',
        headers: { ...inboundToken, 'content-type': 'message/rfc822' },
        payload: raw,
      });
      expect([badKind.statusCode, badKind.json().code]).toEqual([400, 'request.invalid']);
    });
  }

  // The rest is about polling itself.
  if (door !== 'imap') return;

  it('the job runner polls the mailboxes and sends the answers; the web app never touches IMAP', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const id = messageId();
    await deliver(rawMail({ headers: { From: customer.email, To: supportBox, Subject: 'Via the runner', 'Message-ID': id }, body: 'Hello.' }));
    smtp.received.length = 0;
    const runner = createJobRunner({ queue: ctx.deps.jobs, ...createJobRegistry(ctx.deps), clock: ctx.clock, logger: createLogger({ level: 'silent' }) });
    ctx.clock.advance(24 * HOUR); // a fresh period for every schedule
    await runner.runDue();
    expect((await inbound(id)).outcome).toBe('ticket_created');
    ctx.clock.advance(5_000); // the acknowledgement was written by the poll; the next delivery run sends it
    await runner.runDue();
    expect(smtp.received.filter((m) => m.envelopeTo.includes(customer.email)).map((m) => m.parsed.inReplyTo)).toEqual([id]);
  });

  it('admins see each mailbox and when it was last polled, never its password', async () => {
    const admin = await signInAs(ctx, { role: 'admin' });
    const status = (await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status', headers: admin.headers })).json();
    expect(status).toMatchObject({ outboundConfigured: true, inboundMailboxes: 2 });
    expect(status.mailboxes).toEqual([
      { name: `${supportBox}@127.0.0.1:${dovecot.port}/INBOX`, kind: 'question', lastPolledAt: expect.any(String), lastError: null },
      { name: `${ideasBox}@127.0.0.1:${dovecot.port}/INBOX`, kind: 'suggestion', lastPolledAt: expect.any(String), lastError: null },
    ]);
    expect(JSON.stringify(status)).not.toContain('secret');
  });
});

describe.skipIf(!hasDovecot)('a mailbox that cannot be read', () => {
  it('is reported to admins with its error, and the other mailbox is still read', async () => {
    const dialect = TEST_DIALECTS[0]!;
    const ctx = await createTestContext({
      dialect,
      config: {
        imapUrl: dovecot.urlFor(`support-${dialect}@example.test`).replace(':secret@', ':wrong@'),
        imap2Url: dovecot.urlFor(`ideas-${dialect}@example.test`),
        imap2Kind: 'suggestion',
      },
    });
    try {
      const result = await ctx.deps.mailer.poller.pollAll();
      expect(result.failedMailboxes).toBe(1);
      const admin = await signInAs(ctx, { role: 'admin' });
      const status = (await ctx.app.inject({ method: 'GET', url: '/api/v1/mail/status', headers: admin.headers })).json();
      expect(status.outboundConfigured).toBe(false);
      expect(status.mailboxes[0].lastError).toMatch(/^connect: /);
      expect(status.mailboxes[1]).toMatchObject({ lastError: null, lastPolledAt: expect.any(String) });
      expect(JSON.stringify(status)).not.toContain('wrong');
    } finally {
      await ctx.close();
    }
  });
});
