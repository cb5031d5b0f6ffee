import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, h1, launchBrowser, openFreshPage, openSignedInPage, removeWebBuild, screenshot } from '../browser.js';
import { startSmtpServer, type TestSmtpServer } from '../mail.js';
import { startTestServer, type TestServer } from '../server.js';
import { customerWith, openTicket } from '../tickets.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: the people and audit API is covered on both databases by accounts.admin.routes.test.ts.
describe('the people and audit admin pages in a browser', { timeout: 120_000 }, () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  let browser: BrowserContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const webDir = await buildWebOnce();
    server = await startTestServer({ dialect: 'sqlite', webDir, config: smtp.config });
    browser = await launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.stop();
    await removeWebBuild();
  });

  it('an admin invites an agent who sets a password from the mailed link; deactivating them stops their session and token at once; the audit log shows it all', async () => {
    const { ctx } = server;
    const adminEmail = 'people-admin@example.test';
    await ctx.deps.accounts.createUser({ role: 'admin', email: adminEmail, name: 'People Admin', password: TEST_PASSWORD });
    const { page, problems } = await openFreshPage({ browser, baseUrl: server.url });
    await page.goto(`${server.url}/admin/people`);
    await h1(page, 'Sign in').waitFor();
    await page.getByLabel('Email', { exact: true }).fill(adminEmail);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await h1(page, 'People').waitFor();
    await page.getByRole('cell', { name: adminEmail }).waitFor();

    // Invite: the mail leaves through real SMTP with a link that sets the password.
    const agentEmail = 'invited.agent@example.test';
    const invite = page.getByRole('region', { name: 'Invite an agent or admin' });
    await invite.getByLabel('Email', { exact: true }).fill(agentEmail);
    await invite.getByLabel('Name', { exact: true }).fill('Invited Agent');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${agentEmail}.`).waitFor();
    await page.getByRole('cell', { name: agentEmail }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the people page');
    await screenshot(page, 'admin-people');
    await ctx.deps.mailer.delivery.deliverQueued();
    const mail = smtp.received.find((m) => m.envelopeTo.includes(agentEmail));
    expect(mail).toBeDefined();
    const link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mail!.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();

    const agentTab = await openFreshPage({ browser: await launchBrowser({ locale: 'en-US', timezoneId: 'Europe/Moscow' }), baseUrl: server.url });
    const agentPage = agentTab.page;
    try {
      const url = new URL(link!);
      await agentPage.goto(`${server.url}${url.pathname}${url.search}`);
      await h1(agentPage, 'Choose a new password').waitFor();
      await agentPage.getByLabel('New password', { exact: true }).fill(TEST_PASSWORD);
      await agentPage.getByLabel('Repeat the new password', { exact: true }).fill(TEST_PASSWORD);
      await agentPage.getByRole('button', { name: 'Save the password' }).click();
      await h1(agentPage, 'Sign in').waitFor();
      await agentPage.getByLabel('Email', { exact: true }).fill(agentEmail);
      await agentPage.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
      await agentPage.getByRole('button', { name: 'Sign in', exact: true }).click();
      await agentPage.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      const me = await agentPage.request.get(`${server.url}/api/v1/me`);
      expect(me.status()).toBe(200);
      const agentId = ((await me.json()) as { id: string }).id;
      const { secret } = await ctx.deps.tokens.createToken({ userId: agentId, name: 'their script', scopes: [] });
      const customer = await customerWith(ctx, 'fresh');
      const ticketId = ((await openTicket(ctx, customer)).json() as { id: string }).id;
      await ctx.deps.ticketActions.assign({ actor: null, ticketId, assigneeId: agentId });

      // Deactivate, handing the open ticket to the admin.
      await page.reload();
      const row = page.getByRole('row', { name: new RegExp(agentEmail) });
      await row.getByRole('button', { name: 'Deactivate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate Invited Agent?' });
      await dialog.getByLabel('Their open tickets').selectOption({ label: `People Admin (${adminEmail})` });
      await dialog.getByRole('button', { name: 'Deactivate' }).click();
      const deactivatedAt = Date.now();
      await row.getByText('Deactivated').waitFor();
      const [session, token] = await Promise.all([
        agentPage.request.get(`${server.url}/api/v1/me`),
        fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } }),
      ]);
      expect(Date.now() - deactivatedAt).toBeLessThan(1000);
      expect([session.status(), token.status]).toEqual([401, 401]);
      const ticket = await ctx.db.db.selectFrom('tickets').select('assignee_id').where('id', '=', ticketId).executeTakeFirstOrThrow();
      expect(ticket.assignee_id).not.toBe(agentId);
    } finally {
      await agentPage.context().close();
    }

    // The audit log page shows each action, filtered by action.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await h1(page, 'Audit log').waitFor();
    for (const action of ['Person invited', 'Signed in', 'API token created', 'Person deactivated']) {
      await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    }
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Person deactivated' });
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('cell', { name: agentEmail }).waitFor();
    await expectNoSeriousA11yViolations(page, 'the audit log page');
    await screenshot(page, 'admin-audit');
    const csv = await page.request.get(`${server.url}${(await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href'))!}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[1]).toContain(`user.deactivated,${agentEmail}`);
    expect(problems).toEqual([]);
  });

  it('an admin creates a scoped token with an expiry, sees it once, and revoking it stops it at once; both show in the audit log', async () => {
    const { ctx } = server;
    const email = 'token-admin@example.test';
    await ctx.deps.accounts.createUser({ role: 'admin', email, name: 'Token Admin', password: TEST_PASSWORD });
    const { page, problems } = await openSignedInPage({ browser, baseUrl: server.url, email, password: TEST_PASSWORD });
    await page.goto(`${server.url}/admin/tokens`);
    await h1(page, 'API tokens').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Shop sync');
    await page.getByRole('checkbox', { name: 'licenses:read' }).check();
    await page.getByLabel('Expires after (optional)').fill('2027-01-31');
    await page.getByRole('button', { name: 'Create the token' }).click();
    await page.getByText('The token, shown only now').waitFor();
    const secret = (await page.locator('.token-secret').textContent())!;
    expect(secret).toMatch(/^sdt_/);
    const row = page.getByRole('row', { name: /Shop sync/ });
    await row.getByRole('cell', { name: 'licenses:read' }).waitFor();
    await row.getByText('Active').waitFor();
    await expectNoSeriousA11yViolations(page, 'the API tokens page');
    await screenshot(page, 'admin-tokens');
    const stored = await ctx.db.db.selectFrom('api_tokens').select('expires_at').where('name', '=', 'Shop sync').executeTakeFirstOrThrow();
    expect(new Date(stored.expires_at!).toISOString()).toBe('2027-01-31T21:00:00.000Z'); // the end of that day in Moscow
    // A licenses:read token reads licenses (and nothing else).
    const use = () => fetch(`${server.url}/api/v1/licenses`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await use()).status).toBe(200);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect((await use()).status).toBe(401);
    await page.goto(`${server.url}/admin/audit`);
    await h1(page, 'Audit log').waitFor();
    await page.getByRole('row', { name: /API token revoked.*Shop sync/ }).waitFor();
    await page.getByRole('row', { name: /API token created.*Shop sync/ }).waitFor();
    expect(problems).toEqual([]);
  });
});
