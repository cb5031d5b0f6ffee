import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, runQueuedJobs, signInAs, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';

const HOUR = 3600_000;

// Ticket mails through the API: each written in the change's transaction, threaded, localized,
// switchable. The clock starts on Friday 2026-11-27 19:00 Moscow (16:00Z).
describe.each(TEST_DIALECTS)('ticket notifications on %s', (dialect) => {
  let ctx: TestContext;
  let agent: Caller;
  let quietAgent: Caller;
  let admin: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect, config: { mailFrom: 'Support <support@example.test>' } });
    agent = await signInAs(ctx, { role: 'agent', name: 'Anna Agent' });
    quietAgent = await signInAs(ctx, { role: 'agent' });
    admin = await signInAs(ctx, { role: 'admin' });
    // The quiet agent hears only of suggestions.
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      headers: quietAgent.headers,
      payload: { newTicketKinds: ['suggestion'], customerReply: false },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function mailsTo(email: string, template?: string) {
    await runQueuedJobs(ctx); // a new ticket's mails are written by a job
    let q = ctx.deps.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email);
    if (template) q = q.where('template', '=', template);
    return q.orderBy('created_at').orderBy('id').execute();
  }

  async function reply(caller: Caller, ticketId: string, payload: Record<string, unknown>) {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/messages`, headers: caller.headers, payload });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  it("a new question mails the customer when a reply is due, in the customer's zone and language, and mails the agents", async () => {
    ctx.clock.set(Date.parse('2026-11-27T16:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: customer.headers, payload: { timeZone: 'Asia/Vladivostok', language: 'ru' } });
    const ticket = (await openTicket(ctx, customer, { subject: 'Каталог не открывается' })).json();

    const [received] = await mailsTo(customer.email, 'ticket_received');
    expect(received).toMatchObject({ language: 'ru', subject: `[#${ticket.number}] Каталог не открывается`, ticket_id: ticket.id });
    // Due Monday 19:00 Moscow = Tuesday 02:00 in Vladivostok.
    expect(received!.text_body).toContain('вторник, 1 декабря 2026 г. в 02:00 (Asia/Vladivostok)');
    expect(received!.text_body).toContain(`http://localhost:3000/account/tickets/${ticket.id}`);
    expect(received!.html_body).toContain('Asia/Vladivostok');
    expect(JSON.parse(received!.headers!)).toMatchObject({ 'Auto-Submitted': 'auto-generated' });

    const [toAgent] = await mailsTo(agent.email, 'agent_new_ticket');
    expect(toAgent!.subject).toBe(`[#${ticket.number}] New question: Каталог не открывается`);
    expect(toAgent!.text_body).toContain('After the update the catalog page shows error 500.');
    expect(toAgent!.text_body).toContain('Monday, 30 November 2026 at 19:00 (Europe/Moscow)');
    expect(await mailsTo(admin.email, 'agent_new_ticket')).toHaveLength(1);
    expect(await mailsTo(quietAgent.email, 'agent_new_ticket')).toHaveLength(0); // questions are not in their queues
  });

  it('a customer whose guarantee ended is told replies are best effort and why; a suggestion has no deadline', async () => {
    const expired = await customerWith(ctx, 'expired');
    await openTicket(ctx, expired);
    const [bestEffort] = await mailsTo(expired.email, 'ticket_received');
    expect(bestEffort!.text_body).toContain('Your guaranteed reply period ended on 9 January 2026');

    const free = await customerWith(ctx, 'free');
    const suggestion = (await openTicket(ctx, free, { kind: 'suggestion', subject: 'Dark theme' })).json();
    const [received] = await mailsTo(free.email, 'ticket_received');
    expect(received!.text_body).toContain('have no reply deadline');
    expect((await mailsTo(quietAgent.email, 'agent_new_ticket')).map((m) => m.ticket_id)).toContain(suggestion.id);
  });

  it('opening a ticket only queues its mails, so it costs the same with one agent or fifty; the job writes them once', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    const outbox = () => ctx.deps.db.selectFrom('mail_outbox').select(['to_address', 'template']).where('ticket_id', '=', ticket.id).execute();
    expect(await outbox()).toEqual([]);
    const queued = await ctx.deps.db
      .selectFrom('jobs')
      .select(['name', 'payload'])
      .where('unique_key', '=', `notifications.ticket_created:${ticket.id}`)
      .execute();
    expect(queued).toHaveLength(1);
    expect(await runQueuedJobs(ctx)).toBe(1);
    expect(await runQueuedJobs(ctx)).toBe(0);
    expect((await outbox()).map((m) => m.template).sort()).toEqual(['agent_new_ticket', 'agent_new_ticket', 'ticket_received']);
  });

  it("an agent's reply goes to the customer in full, threaded under the ticket; a reply that resolves brings the rating link", async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await runQueuedJobs(ctx); // the receipt goes out a moment after the ticket opens, before anyone answers
    await reply(agent, ticket.id, { body: 'Clear the **cache** and try again.' });
    await reply(agent, ticket.id, { body: 'A note for colleagues.', internal: true });
    await reply(agent, ticket.id, { body: 'It works now.', status: 'resolved' });

    const [received, first, second] = await mailsTo(customer.email);
    expect([received!.template, first!.template, second!.template]).toEqual(['ticket_received', 'agent_reply', 'agent_reply']);
    expect(first!.text_body).toContain('Anna Agent replied to your ticket');
    expect(first!.text_body).toContain('Clear the **cache** and try again.');
    expect(first!.html_body).toContain('<strong>cache</strong>');
    expect(first!.text_body).not.toContain('rating');
    expect(second!.text_body).toContain(`http://localhost:3000/account/tickets/${ticket.id}#rating`);
    const root = `<ticket-${ticket.id}@example.test>`;
    for (const mail of [received!, first!, second!]) {
      expect(mail.message_id).toMatch(/^<[0-9a-f-]+@example\.test>$/);
      expect(mail.in_reply_to).toBe(root);
      expect(mail.references_header).toBe(root);
    }
    expect(JSON.parse(first!.headers!)['Auto-Submitted']).toBeUndefined(); // a person's words, not an automatic mail
  });

  it("a customer's reply mails the assigned agent only; resolving by hand mails the rating link, withdrawing does not", async () => {
    const customer = await customerWith(ctx, 'fresh');
    const unassigned = (await openTicket(ctx, customer)).json();
    await reply(customer, unassigned.id, { body: 'Any news?' });
    const assigned = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${assigned.id}`, headers: agent.headers, payload: { assigneeId: agent.userId } });
    await reply(customer, assigned.id, { body: 'Here is the log.' });
    const replies = await ctx.deps.db.selectFrom('mail_outbox').selectAll().where('template', '=', 'agent_customer_reply').execute();
    expect(replies.map((m) => [m.to_address, m.ticket_id])).toEqual([[agent.email, assigned.id]]);
    expect(replies[0]!.text_body).toContain('Here is the log.');

    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${assigned.id}`, headers: agent.headers, payload: { status: 'resolved' } });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${unassigned.id}`, headers: customer.headers, payload: { status: 'resolved' } });
    const resolved = await mailsTo(customer.email, 'ticket_resolved');
    expect(resolved.map((m) => m.ticket_id)).toEqual([assigned.id]);
    expect(resolved[0]!.text_body).toContain(`/account/tickets/${assigned.id}#rating`);
  });

  it('a decline mails its explanation to the customer', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/decline`, headers: agent.headers, payload: { reason: 'out_of_scope' } });
    const [declined] = await mailsTo(customer.email, 'agent_reply');
    expect(declined!.text_body).toContain('HTML, CSS, PHP');
    // A decline asks for better information, not for a rating (R6).
    expect(declined!.text_body).not.toContain('#rating');
    expect(declined!.text_body).toContain('the ticket opens again');
  });

  it('a customer who turned replies off gets none; account mail still goes', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/me/notifications',
      headers: customer.headers,
      payload: { agentReply: false, ticketReceived: false },
    });
    expect(put.json()).toEqual({ ticketReceived: false, agentReply: false, pendingReminder: true, ticketResolved: true });
    const ticket = (await openTicket(ctx, customer)).json();
    await reply(agent, ticket.id, { body: 'Done.' });
    await ctx.deps.accounts.requestPasswordReset({ email: customer.email });
    expect((await mailsTo(customer.email)).map((m) => m.template)).toEqual(['reset_password']);
  });

  it('agents hear once that a reply is due soon (4 business hours ahead), and once that it is overdue', async () => {
    ctx.clock.set(Date.parse('2026-11-27T16:00:00Z')); // Friday 19:00 Moscow: due Monday 19:00 (16:00Z)
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticket.id}`, headers: admin.headers, payload: { assigneeId: agent.userId } });
    const notices = async (template: string) => (await mailsTo(agent.email, template)).filter((m) => m.ticket_id === ticket.id);

    ctx.clock.set(Date.parse('2026-11-28T16:00:00Z')); // Saturday: 19 business hours are left, the weekend does not count
    await ctx.deps.mailer.scans.scanReplyDue();
    expect(await notices('agent_reply_due_soon')).toHaveLength(0);
    ctx.clock.set(Date.parse('2026-11-30T11:59:00Z')); // Monday 14:59 Moscow: 4 h 1 min left
    await ctx.deps.mailer.scans.scanReplyDue();
    expect(await notices('agent_reply_due_soon')).toHaveLength(0);
    ctx.clock.set(Date.parse('2026-11-30T12:00:00Z'));
    await ctx.deps.mailer.scans.scanReplyDue();
    await ctx.deps.mailer.scans.scanReplyDue();
    const dueSoon = await notices('agent_reply_due_soon');
    expect(dueSoon).toHaveLength(1);
    expect(dueSoon[0]!.text_body).toContain('is due by Monday, 30 November 2026 at 19:00 (Europe/Moscow)');
    expect(
      await ctx.deps.db.selectFrom('mail_outbox').where('template', '=', 'agent_reply_due_soon').where('ticket_id', '=', ticket.id).selectAll().execute(),
    ).toHaveLength(1);

    ctx.clock.set(Date.parse('2026-11-30T16:00:01Z'));
    await ctx.deps.mailer.scans.scanReplyDue();
    ctx.clock.advance(HOUR);
    await ctx.deps.mailer.scans.scanReplyDue();
    expect(await notices('agent_breached')).toHaveLength(1);
  });

  it('an overdue ticket nobody is assigned to is told to every agent and admin who wants it', async () => {
    ctx.clock.set(Date.parse('2026-12-07T08:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notifications', headers: quietAgent.headers, payload: { breached: false } });
    ctx.clock.set(Date.parse('2026-12-08T09:00:00Z'));
    await ctx.deps.mailer.scans.scanReplyDue();
    const breached = await ctx.deps.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('template', '=', 'agent_breached')
      .where('ticket_id', '=', ticket.id)
      .execute();
    expect(breached.map((m) => m.to_address).sort()).toEqual([admin.email, agent.email].sort());
  });

  it('a customer is reminded once of a ticket waiting for them, and again after the next reply', async () => {
    ctx.clock.set(Date.parse('2026-12-14T08:00:00Z'));
    const customer = await customerWith(ctx, 'fresh');
    const ticket = (await openTicket(ctx, customer)).json();
    await reply(agent, ticket.id, { body: 'Which version do you run?' });
    ctx.clock.advance(3 * 24 * HOUR - 1);
    await ctx.deps.mailer.scans.scanPendingReminders();
    expect(await mailsTo(customer.email, 'pending_reminder')).toHaveLength(0);
    ctx.clock.advance(1);
    await ctx.deps.mailer.scans.scanPendingReminders();
    await ctx.deps.mailer.scans.scanPendingReminders();
    expect(await mailsTo(customer.email, 'pending_reminder')).toHaveLength(1);
    await reply(customer, ticket.id, { body: '7.1' });
    await reply(agent, ticket.id, { body: 'And the PHP version?' });
    ctx.clock.advance(3 * 24 * HOUR);
    await ctx.deps.mailer.scans.scanPendingReminders();
    expect(await mailsTo(customer.email, 'pending_reminder')).toHaveLength(2);
  });

  it('each role sees and changes only its own switches', async () => {
    const customer = await customerWith(ctx, 'fresh');
    const mine = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: customer.headers });
    expect(mine.json()).toEqual({ ticketReceived: true, agentReply: true, pendingReminder: true, ticketResolved: true });
    const staff = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: quietAgent.headers });
    expect(staff.json()).toMatchObject({ newTicket: true, newTicketKinds: ['suggestion'], customerReply: false, replyDueSoon: true });
    const wrongRole = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notifications', headers: customer.headers, payload: { breached: false } });
    expect([wrongRole.statusCode, wrongRole.json().code]).toEqual([400, 'notifications.not_applicable']);
    const unknown = await ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notifications', headers: customer.headers, payload: { everything: false } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'request.invalid']);
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notifications' });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'auth.not_signed_in']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notifications', headers: customer.headers })).json().agentReply).toBe(true);
  });
});
