import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import type { AccessRequestView } from './vault.views.js';
import { call, mailsTo, requestScene, reveal, SECRET_NOTES, SECRET_PASSWORD, secretBody, submittedScene } from '../../../test/vault.js';

const HOUR = 3600_000;

// R7 through the API, on both databases: request → submit → logged reveal → refusals → destruction → reminders.
describe.each(TEST_DIALECTS)('the emergency access vault on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect }); // no SUPPORTDESK_VAULT_KEY: vault.key is created in the test's data directory
  });
  afterAll(async () => {
    await ctx?.close();
  });

  async function requests(ticketId: string, caller: Parameters<typeof call>[1]) {
    const res = await call(ctx, caller, 'GET', `/api/v1/tickets/${ticketId}/access-requests`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: AccessRequestView[]; vaultAvailable: boolean };
  }

  it('an agent asks for access on an emergency ticket; the customer sees it on the ticket and in a mail without secrets', async () => {
    const { customer, agent, ticketId, requestId } = await requestScene(ctx);
    const seen = await requests(ticketId, customer);
    expect(seen.vaultAvailable).toBe(true);
    expect(seen.items).toEqual([
      expect.objectContaining({
        id: requestId,
        kind: 'ftp',
        status: 'requested',
        reason: 'To restore the theme files from the backup.',
        requestedBy: { id: agent.userId, name: 'Alice Agent' },
        hasSecret: false,
        reveals: [],
      }),
    ]);
    const [mail] = await mailsTo(ctx, { to: customer.email, template: 'vault_requested' });
    expect(mail?.text_body).toContain(`/account/tickets/${ticketId}`);
    const detail = (await call(ctx, customer, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.events.map((e: { type: string }) => e.type)).toContain('access_requested');
  });

  it('access is requested by staff only, on emergency tickets that are still open; another customer gets 404', async () => {
    const { customer, agent, ticketId } = await requestScene(ctx);
    const body = { kind: 'ssh', reason: 'Need the server logs.' };
    const byCustomer = await call(ctx, customer, 'POST', `/api/v1/tickets/${ticketId}/access-requests`, body);
    expect([byCustomer.statusCode, byCustomer.json().code]).toEqual([403, 'vault.staff_only']);
    const stranger = await customerWith(ctx, 'fresh');
    const byStranger = await call(ctx, stranger, 'GET', `/api/v1/tickets/${ticketId}/access-requests`);
    expect([byStranger.statusCode, byStranger.json().code]).toEqual([404, 'vault.not_found']);
    const question = (await openTicket(ctx, customer)).json() as { id: string };
    const onQuestion = await call(ctx, agent, 'POST', `/api/v1/tickets/${question.id}/access-requests`, body);
    expect([onQuestion.statusCode, onQuestion.json().code]).toEqual([409, 'vault.not_emergency']);
    const invalid = await call(ctx, agent, 'POST', `/api/v1/tickets/${ticketId}/access-requests`, { kind: 'telnet', reason: 'x' });
    expect([invalid.statusCode, invalid.json().code]).toEqual([400, 'request.invalid']);
  });

  it('only the ticket customer submits credentials; no response or list carries them', async () => {
    const { customer, agent, requestId, ticketId } = await requestScene(ctx);
    const byAgent = await call(ctx, agent, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody());
    expect([byAgent.statusCode, byAgent.json().code]).toEqual([403, 'vault.customer_only']);
    const stranger = await customerWith(ctx, 'fresh');
    const byStranger = await call(ctx, stranger, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody());
    expect([byStranger.statusCode, byStranger.json().code]).toEqual([404, 'vault.not_found']);
    const neither = await call(
      ctx,
      customer,
      'POST',
      `/api/v1/access-requests/${requestId}/secret`,
      secretBody({ password: undefined, privateKey: undefined }),
    );
    expect([neither.statusCode, neither.json().code]).toEqual([400, 'request.invalid']);

    const submitted = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody({ expiresInDays: 3 }));
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', hasSecret: true, expiresAt: new Date(ctx.clock.now() + 3 * 24 * HOUR).toISOString() });
    for (const body of [submitted.body, JSON.stringify(await requests(ticketId, agent)), (await call(ctx, agent, 'GET', `/api/v1/tickets/${ticketId}`)).body]) {
      expect(body).not.toContain(SECRET_PASSWORD);
      expect(body).not.toContain(SECRET_NOTES);
      expect(body).not.toContain('ftp.customer-site.example');
    }
  });

  it('the assigned agent reveals the credentials with their password and a reason; the customer sees who, when and why', async () => {
    const { customer, agent, requestId, ticketId } = await submittedScene(ctx);
    const res = await reveal(ctx, agent, requestId, { reason: 'Restoring the theme files now.' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toMatchObject({
      requestId,
      kind: 'ftp',
      hideAfterSeconds: 30,
      secret: { host: 'ftp.customer-site.example', port: 21, username: 'deploy', password: SECRET_PASSWORD, notes: SECRET_NOTES },
    });
    const [request] = (await requests(ticketId, customer)).items;
    expect(request).toMatchObject({ status: 'revealed', lastRevealedAt: new Date(ctx.clock.now()).toISOString() });
    expect(request!.reveals).toEqual([
      {
        id: expect.any(String),
        at: new Date(ctx.clock.now()).toISOString(),
        actor: { id: agent.userId, name: 'Alice Agent', role: 'agent' },
        reason: 'Restoring the theme files now.',
        outcome: 'revealed',
        refusal: null,
      },
    ]);
    const timeline = (await call(ctx, customer, 'GET', `/api/v1/tickets/${ticketId}`)).json().events;
    expect(timeline).toContainEqual(
      expect.objectContaining({ type: 'access_revealed', actorId: agent.userId, data: expect.objectContaining({ reason: 'Restoring the theme files now.' }) }),
    );
  });

  it('an unassigned agent is refused and the attempt is logged for the customer; an admin may reveal', async () => {
    const { customer, requestId, ticketId } = await submittedScene(ctx);
    const other = await signInAs(ctx, { role: 'agent', name: 'Bob Bystander' });
    const refused = await reveal(ctx, other, requestId, { reason: 'Just curious.' });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'vault.not_assigned']);
    expect(refused.body).not.toContain(SECRET_PASSWORD);
    const byCustomer = await reveal(ctx, customer, requestId);
    expect([byCustomer.statusCode, byCustomer.json().code]).toEqual([403, 'vault.staff_only']);
    const admin = await signInAs(ctx, { role: 'admin', name: 'Ada Admin' });
    expect((await reveal(ctx, admin, requestId, { reason: 'Covering for Alice.' })).statusCode).toBe(200);

    const log = (await requests(ticketId, customer)).items[0]!.reveals;
    expect(log.map((r) => [r.actor.name, r.outcome, r.refusal, r.reason])).toEqual([
      ['Bob Bystander', 'refused', 'not_assigned', 'Just curious.'],
      ['Ada Admin', 'revealed', null, 'Covering for Alice.'],
    ]);
  });

  it('a wrong password is refused and logged, repeated failures are throttled, and API tokens cannot reveal', async () => {
    const { agent, requestId, ticketId } = await submittedScene(ctx);
    for (let i = 0; i < 5; i++) {
      const wrong = await reveal(ctx, agent, requestId, { password: 'not my password' });
      expect([wrong.statusCode, wrong.json().code]).toEqual([403, 'vault.reauth_failed']);
    }
    const throttled = await reveal(ctx, agent, requestId);
    expect([throttled.statusCode, throttled.json().code]).toEqual([429, 'vault.reauth_throttled']);
    const log = (await requests(ticketId, agent)).items[0]!.reveals;
    expect(log).toHaveLength(5);
    expect(log.every((r) => r.refusal === 'reauth_failed')).toBe(true);
    ctx.clock.advance(16 * 60_000);
    expect((await reveal(ctx, agent, requestId)).statusCode).toBe(200);

    const token = await tokenFor(ctx, { role: 'admin' });
    const viaToken = await reveal(ctx, { userId: token.userId, email: '', headers: token.headers }, requestId);
    expect([viaToken.statusCode, viaToken.json().code]).toEqual([403, 'vault.session_required']);
  });

  it('resolving the ticket destroys the secret at once and reminds the customer, again a day later, until they confirm', async () => {
    const { customer, agent, requestId, ticketId } = await submittedScene(ctx);
    expect(await ctx.deps.db.selectFrom('vault_secrets').select('request_id').where('request_id', '=', requestId).execute()).toHaveLength(1);
    const resolved = await call(ctx, agent, 'PATCH', `/api/v1/tickets/${ticketId}`, { status: 'resolved' });
    expect(resolved.statusCode).toBe(200);
    await ctx.deps.vault.whenIdle();

    expect(await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).execute()).toEqual([]);
    const [request] = (await requests(ticketId, customer)).items;
    expect(request).toMatchObject({
      status: 'destroyed',
      endReason: 'ticket_resolved',
      hasSecret: false,
      credentialChange: { needed: true, remindersSent: 1 },
    });
    const gone = await reveal(ctx, agent, requestId);
    expect([gone.statusCode, gone.json().code]).toEqual([409, 'vault.wrong_state']);
    const reminders = () => mailsTo(ctx, { to: customer.email, template: 'vault_change_credentials' });
    expect(await reminders()).toHaveLength(1);
    expect((await reminders())[0]!.text_body).not.toContain(SECRET_PASSWORD);
    const pending = (await call(ctx, customer, 'GET', '/api/v1/me/access-reminders')).json().items;
    expect(pending).toContainEqual(expect.objectContaining({ requestId, ticketId, kind: 'ftp' }));

    ctx.clock.advance(23 * HOUR);
    await ctx.deps.vault.lifecycle.sweep();
    expect(await reminders()).toHaveLength(1);
    ctx.clock.advance(2 * HOUR);
    await ctx.deps.vault.lifecycle.sweep();
    expect(await reminders()).toHaveLength(2);
    ctx.clock.advance(3 * 24 * HOUR);
    await ctx.deps.vault.lifecycle.sweep();
    expect(await reminders()).toHaveLength(2);

    const confirmed = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/confirm-changed`);
    expect(confirmed.json()).toMatchObject({ credentialChange: { needed: false, confirmedAt: new Date(ctx.clock.now()).toISOString() } });
    expect((await call(ctx, customer, 'GET', '/api/v1/me/access-reminders')).json().items).not.toContainEqual(expect.objectContaining({ requestId }));
    const again = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/confirm-changed`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'vault.nothing_to_confirm']);
  });

  it('a customer who withdraws and confirms the change gets no second reminder', async () => {
    const { customer, requestId, ticketId } = await submittedScene(ctx);
    const withdrawn = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/withdraw`);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', endReason: 'withdrawn', hasSecret: false });
    expect(await ctx.deps.db.selectFrom('vault_secrets').selectAll().where('request_id', '=', requestId).execute()).toEqual([]);
    await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/confirm-changed`);
    ctx.clock.advance(2 * 24 * HOUR);
    await ctx.deps.vault.lifecycle.sweep();
    expect(await mailsTo(ctx, { to: customer.email, template: 'vault_change_credentials' })).toHaveLength(1);
    const submitAfter = await call(ctx, customer, 'POST', `/api/v1/access-requests/${requestId}/secret`, secretBody());
    expect([submitAfter.statusCode, submitAfter.json().code]).toEqual([409, 'vault.wrong_state']);
    expect((await requests(ticketId, customer)).items[0]).toMatchObject({ status: 'withdrawn' });
  });

  it('the scheduled sweep destroys secrets whose ticket ended by another path, and secrets past their expiry', async () => {
    const { createJobRegistry } = await import('../../jobs/registry.js');
    expect(createJobRegistry(ctx.deps).schedules).toContainEqual({ name: 'vault.sweep', everyMs: 60_000 });

    const closedElsewhere = await submittedScene(ctx);
    // As another process (or a future code path) would: no event reaches this process.
    await ctx.deps.db.updateTable('tickets').set({ status: 'closed', closed_at: ctx.clock.now() }).where('id', '=', closedElsewhere.ticketId).execute();
    const expiring = await submittedScene(ctx, { expiresInDays: 1 });
    const staying = await submittedScene(ctx);

    await ctx.deps.vault.lifecycle.sweep();
    const status = async (id: string) =>
      await ctx.deps.db.selectFrom('vault_requests').select(['status', 'end_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await status(closedElsewhere.requestId)).toEqual({ status: 'destroyed', end_reason: 'ticket_closed' });
    expect(await status(expiring.requestId)).toEqual({ status: 'submitted', end_reason: null });

    ctx.clock.advance(24 * HOUR + 60_000);
    await ctx.deps.vault.lifecycle.sweep();
    expect(await status(expiring.requestId)).toEqual({ status: 'destroyed', end_reason: 'expired' });
    expect(await status(staying.requestId)).toEqual({ status: 'submitted', end_reason: null });
    const left = await ctx.deps.db
      .selectFrom('vault_secrets')
      .select('request_id')
      .where('request_id', 'in', [closedElsewhere.requestId, expiring.requestId, staying.requestId])
      .execute();
    expect(left.map((r) => r.request_id)).toEqual([staying.requestId]);
  });

  it('a request nobody answered is cancelled, without a reminder, when the ticket is resolved', async () => {
    const { customer, agent, requestId, ticketId } = await requestScene(ctx);
    await call(ctx, agent, 'POST', `/api/v1/tickets/${ticketId}/messages`, { body: 'Fixed without access after all.', status: 'resolved' });
    await ctx.deps.vault.whenIdle();
    expect((await requests(ticketId, customer)).items[0]).toMatchObject({ id: requestId, status: 'cancelled', credentialChange: { needed: false } });
    expect(await mailsTo(ctx, { to: customer.email, template: 'vault_change_credentials' })).toEqual([]);
  });

  it('a password in a customer message is stored masked, flagged, kept out of search and noted on the timeline', async () => {
    const { customer, agent, ticketId } = await requestScene(ctx);
    const sent = await call(ctx, customer, 'POST', `/api/v1/tickets/${ticketId}/messages`, {
      body: `Here you go:\nlogin: deploy\npassword: ${SECRET_PASSWORD}`,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message).toMatchObject({ masked: true, body: 'Here you go:\nlogin: deploy\npassword: ••••••••' });
    expect(sent.body).not.toContain(SECRET_PASSWORD);
    const stored = await ctx.deps.db.selectFrom('ticket_messages').select(['body', 'body_html']).where('ticket_id', '=', ticketId).execute();
    expect(JSON.stringify(stored)).not.toContain(SECRET_PASSWORD);
    const search = await call(ctx, agent, 'GET', `/api/v1/tickets?q=${encodeURIComponent(SECRET_PASSWORD.split('-')[1]!)}`);
    expect(search.json().items.map((t: { id: string }) => t.id)).not.toContain(ticketId);
    const detail = (await call(ctx, customer, 'GET', `/api/v1/tickets/${ticketId}`)).json();
    expect(detail.messages.map((m: { masked: boolean }) => m.masked)).toEqual([false, true]);
    expect(detail.events).toContainEqual(expect.objectContaining({ type: 'secrets_masked', data: expect.objectContaining({ kinds: ['password'] }) }));
  });
});
