import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signInAs, tokenFor, TEST_PASSWORD, type Caller, type TestContext } from '../../../test/app.js';
import { TEST_DIALECTS } from '../../../test/db.js';
import { customerWith, openTicket } from '../../../test/tickets.js';
import { reveal, SECRET_PASSWORD, submittedScene } from '../../../test/vault.js';

const PEOPLE_ROUTES = (targetId: string) =>
  [
    ['PATCH', `/api/v1/users/${targetId}`, { role: 'admin' }],
    ['PATCH', `/api/v1/users/${targetId}`, { disabled: true }],
    ['GET', '/api/v1/audit', undefined],
    ['GET', '/api/v1/audit/export', undefined],
    ['POST', '/api/v1/users', { email: 'matrix@example.test', name: 'M', role: 'agent' }],
  ] as const;

describe.each(TEST_DIALECTS)('the admin people routes on %s', (dialect) => {
  let ctx: TestContext;
  let admin: Caller;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
    admin = await signInAs(ctx, { role: 'admin', email: 'boss@example.test' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const patch = (caller: Caller, id: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: caller.headers, payload });
  const audit = async (query = '') => (await ctx.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: admin.headers })).json();

  it('every new route answers 401 to nobody, 403 to customers, agents and agent tokens, and never changes anything for them', async () => {
    const target = await signInAs(ctx, { role: 'agent' });
    const customer = await customerWith(ctx, 'fresh');
    const agent = await signInAs(ctx, { role: 'agent' });
    const agentToken = await tokenFor(ctx, { role: 'agent' });
    for (const [method, url, payload] of PEOPLE_ROUTES(target.userId)) {
      expect((await ctx.app.inject({ method, url, payload })).statusCode, `${method} ${url} anonymous`).toBe(401);
      for (const [who, caller] of [
        ['customer', customer.headers],
        ['agent', agent.headers],
        ['agent token', agentToken.headers],
      ] as const) {
        const res = await ctx.app.inject({ method, url, headers: caller, payload });
        expect([res.statusCode, res.json().code], `${method} ${url} as ${who}`).toEqual([403, 'auth.forbidden']);
      }
    }
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: target.headers });
    expect(me.json()).toMatchObject({ role: 'agent', disabled: false });
  });

  it('an admin invites an agent: the mailed link sets the password, the agent signs in, and both show in the audit log', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'New.Agent@Example.test', name: 'New Agent', role: 'agent' },
    });
    expect(res.statusCode).toBe(201);
    const mail = await ctx.db.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'new.agent@example.test').executeTakeFirstOrThrow();
    expect(mail.template).toBe('invite');
    const token = /token=([\w-]+)/.exec(mail.text_body)?.[1];
    expect(token).toBeDefined();
    const set = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: TEST_PASSWORD } });
    expect(set.statusCode).toBe(200);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'new.agent@example.test', password: TEST_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    const entries = (await audit('?action=user.invited')).items;
    expect(entries[0]).toMatchObject({
      actorEmail: 'boss@example.test',
      action: 'user.invited',
      targetLabel: 'new.agent@example.test',
      after: { role: 'agent' },
    });
    const signedIn = (await audit(`?action=auth.signed_in&actorId=${res.json().id}`)).items;
    expect(signedIn).toHaveLength(1);
  });

  it('deactivating ends the session and API token at once, hands their open tickets over, and reactivation lets them sign in again', async () => {
    const leaver = await signInAs(ctx, { role: 'agent', email: 'leaver@example.test' });
    const { secret } = await ctx.deps.tokens.createToken({ userId: leaver.userId, name: 'their script', scopes: [] });
    const heir = await signInAs(ctx, { role: 'agent' });
    const customer = await customerWith(ctx, 'fresh');
    const ticketId = (await openTicket(ctx, customer)).json().id as string;
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/tickets/${ticketId}`, headers: admin.headers, payload: { assigneeId: leaver.userId } });
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

    const res = await patch(admin, leaver.userId, { disabled: true, reassignTo: heir.userId });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: leaver.headers })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    const ticket = await ctx.db.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(ticket.assignee_id).toBe(heir.userId);
    const signIn = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: leaver.email, password: TEST_PASSWORD } });
    expect(signIn.json().code).toBe('auth.account_disabled');
    const [entry] = (await audit('?action=user.deactivated')).items;
    expect(entry).toMatchObject({
      targetId: leaver.userId,
      before: { disabled: false },
      after: { disabled: true, sessionsEnded: 1, tokensRevoked: 1, ticketsReassigned: 1 },
    });
    expect((await audit('?action=auth.sign_in_failed')).items[0]).toMatchObject({ actorEmail: leaver.email, after: { reason: 'account_disabled' } });

    expect((await patch(admin, leaver.userId, { disabled: false })).json().disabled).toBe(false);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: leaver.email, password: TEST_PASSWORD } });
    expect(again.statusCode).toBe(200);
    // The old token stays revoked: a returning person gets new keys.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
  });

  it('refuses a reassignment to a customer, an admin deactivating themselves, a customer made staff, and a request with two changes', async () => {
    const leaver = await signInAs(ctx, { role: 'agent' });
    const customer = await customerWith(ctx, 'fresh');
    expect((await patch(admin, leaver.userId, { disabled: true, reassignTo: customer.userId })).json().code).toBe('accounts.invalid_reassign_target');
    expect((await patch(admin, admin.userId, { disabled: true })).json().code).toBe('accounts.cannot_deactivate_self');
    expect((await patch(admin, customer.userId, { role: 'agent' })).json().code).toBe('accounts.role_not_allowed');
    const both = (await patch(admin, leaver.userId, { role: 'admin', disabled: true })).json();
    expect([both.code, both.errors[0].code]).toEqual(['request.invalid', 'validation.nothing_to_change']);
    expect((await patch(admin, '00000000-0000-7000-8000-000000000000', { disabled: true })).json().code).toBe('accounts.user_not_found');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: leaver.headers });
    expect(me.json().disabled).toBe(false);
  });

  it('lists staff and customers separately, searched and paged', async () => {
    for (let i = 0; i < 3; i++) await ctx.deps.accounts.createUser({ email: `paged-${i}@shop.test`, name: `Paged ${i}`, role: 'customer' });
    const first = (await ctx.app.inject({ method: 'GET', url: '/api/v1/users?role=customer&q=shop.test&limit=2', headers: admin.headers })).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/users?role=customer&q=shop.test&limit=2&cursor=${first.nextCursor}`, headers: admin.headers })
    ).json();
    expect(second.items.map((u: { email: string }) => u.email)).toEqual(['paged-0@shop.test']);
    expect(second.nextCursor).toBeNull();
    const staff = (await ctx.app.inject({ method: 'GET', url: '/api/v1/users?role=staff&limit=200', headers: admin.headers })).json();
    expect(new Set(staff.items.map((u: { role: string }) => u.role))).toEqual(new Set(['admin', 'agent']));
  });

  it('a reply target change is audited with before and after; saving the same targets again is not', async () => {
    const targets = (await ctx.app.inject({ method: 'GET', url: '/api/v1/reply-targets', headers: admin.headers })).json();
    const changed = { ...targets, question: 8 * 60 };
    for (let i = 0; i < 2; i++) {
      const res = await ctx.app.inject({ method: 'PUT', url: '/api/v1/reply-targets', headers: admin.headers, payload: changed });
      expect(res.statusCode).toBe(200);
    }
    const entries = (await audit('?action=reply_targets.changed')).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorEmail: 'boss@example.test', before: { question: targets.question }, after: { question: 480 } });
  });

  it('a token with an expiry works until then and answers 401 after; an expiry in the past is refused', async () => {
    const create = (expiresAt: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin.headers, payload: { name: 'short', expiresAt } });
    expect((await create(new Date(ctx.clock.now() - 1000).toISOString())).json().code).toBe('tokens.expiry_in_past');
    const created = await create(new Date(ctx.clock.now() + 60_000).toISOString());
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);
    ctx.clock.advance(60_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(401);
    const [entry] = (await audit('?action=token.created')).items;
    expect(entry).toMatchObject({ targetId: created.json().id, after: { expiresAt: created.json().expiresAt } });
  });

  it('a vault reveal and a refused one are audited with the reason, never the secret', async () => {
    const scene = await submittedScene(ctx);
    const outsider = await signInAs(ctx, { role: 'agent', email: 'outsider@example.test' });
    expect((await reveal(ctx, outsider, scene.requestId)).statusCode).toBe(403);
    expect((await reveal(ctx, scene.agent, scene.requestId)).statusCode).toBe(200);
    const [refused] = (await audit('?action=vault.reveal_refused')).items;
    expect(refused).toMatchObject({ actorEmail: 'outsider@example.test', targetId: scene.requestId, after: { refusal: 'not_assigned' } });
    const [revealed] = (await audit('?action=vault.revealed')).items;
    expect(revealed).toMatchObject({ actorId: scene.agent.userId, targetId: scene.requestId, after: { reason: 'Restoring the theme files now.' } });
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit/export', headers: admin.headers });
    expect(csv.body).not.toContain(SECRET_PASSWORD);
  });

  it('the audit log filters by date and exports CSV with formulas defused; it has no route that edits or deletes', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { email: 'formula@example.test', name: '=cmd|x', role: 'agent', password: TEST_PASSWORD },
    });
    expect(created.statusCode).toBe(201);
    const now = new Date(ctx.clock.now()).toISOString();
    const later = new Date(ctx.clock.now() + 1000).toISOString();
    expect((await audit(`?from=${encodeURIComponent(later)}`)).items).toHaveLength(0);
    expect((await audit(`?to=${encodeURIComponent(now)}&action=user.created`)).items).toHaveLength(0);
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit/export?action=user.created', headers: admin.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('at,actor,action,target,ip,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('boss@example.test,user.created,formula@example.test');
    expect(lines[1]).toContain('"{""role"":""agent"",""name"":""=cmd|x""}"');
    const id = (await audit()).items[0].id as string;
    for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
      const res = await ctx.app.inject({ method, url: `/api/v1/audit/${id}`, headers: admin.headers, payload: {} });
      expect(res.statusCode, method).toBeGreaterThanOrEqual(404);
    }
    expect((await ctx.app.inject({ method: 'DELETE', url: '/api/v1/audit', headers: admin.headers })).statusCode).toBe(405);
  });
});

describe.each(TEST_DIALECTS)('the last active admin on %s', (dialect) => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ dialect });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('cannot be demoted or deactivated, and two admins deactivating each other at once leave one', async () => {
    const first = await signInAs(ctx, { role: 'admin' });
    const second = await signInAs(ctx, { role: 'admin' });
    const patch = (caller: Caller, id: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: caller.headers, payload });
    const results = await Promise.all([patch(first, second.userId, { disabled: true }), patch(second, first.userId, { disabled: true })]);
    const codes = results.map((r) => r.statusCode).sort();
    // Either one wins and the other is refused as the last admin, or the loser was already signed out.
    expect(codes[0]).toBe(200);
    expect([401, 409]).toContain(codes[1]);
    const active = await ctx.db.db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(active).toHaveLength(1);
    const survivor = results[0]!.statusCode === 200 ? first : second;
    expect((await patch(survivor, survivor.userId, { role: 'agent' })).json().code).toBe('accounts.last_admin');
    const other = await signInAs(ctx, { role: 'agent' });
    expect((await patch(survivor, other.userId, { role: 'admin' })).statusCode).toBe(200);
    expect((await patch(survivor, survivor.userId, { role: 'agent' })).statusCode).toBe(200);
  });
});
