import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../app.js';
import { buildWebOnce, h1, launchBrowser, openSignedInPage, removeWebBuild, screenshot } from '../browser.js';
import { startSmtpServer, type TestSmtpServer } from '../mail.js';
import { startTestServer, type TestServer } from '../server.js';
import { expectNoSeriousA11yViolations } from './a11y.js';

// SQLite only: the outbox API is covered on both databases by mail.admin.routes.test.ts.
describe('the mail admin page in a browser', { timeout: 120_000 }, () => {
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

  it('a test mail the server refuses shows as failed in the outbox; retry moves it to waiting and the audit log lists both', async () => {
    const { ctx } = server;
    const email = 'mail-admin@example.test';
    await ctx.deps.accounts.createUser({ role: 'admin', email, name: 'Mail Admin', password: TEST_PASSWORD });
    const { page, problems } = await openSignedInPage({ browser, baseUrl: server.url, email, password: TEST_PASSWORD });
    await page.goto(`${server.url}/admin`);
    await page.getByRole('link', { name: 'Mail', exact: true }).click();
    await h1(page, 'Mail').waitFor();
    await page.getByText(`Server 127.0.0.1:${smtp.port}`).waitFor();

    smtp.refuse((address) => address === 'bounce@example.test');
    await page.getByLabel('To', { exact: true }).fill('bounce@example.test');
    await page.getByRole('button', { name: 'Send a test mail' }).click();
    await page.getByText('A test mail to bounce@example.test is waiting in the outbox.').waitFor();
    await ctx.deps.mailer.delivery.deliverQueued();

    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Failed' });
    const row = page.getByRole('row', { name: /bounce@example\.test/ });
    await row.getByRole('cell', { name: 'Failed', exact: true }).waitFor();
    await row.getByText(/550/).waitFor();
    await row.getByRole('button', { name: /test mail/ }).click();
    await page
      .getByRole('region', { name: /test mail/ })
      .getByText('Auto-Submitted')
      .waitFor();
    await expectNoSeriousA11yViolations(page, 'the mail page');
    await screenshot(page, 'admin-mail');

    await row.getByRole('button', { name: 'Send again' }).click();
    await page.getByText('The mail is waiting to be sent again.').waitFor();
    await page.getByText('No mails match.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Waiting' });
    await page
      .getByRole('row', { name: /bounce@example\.test/ })
      .getByRole('cell', { name: 'Waiting', exact: true })
      .waitFor();
    const stored = await ctx.db.db
      .selectFrom('mail_outbox')
      .select(['status', 'attempts'])
      .where('to_address', '=', 'bounce@example.test')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'queued', attempts: 0 });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await h1(page, 'Audit log').waitFor();
    await page.getByRole('row', { name: /Mail sent again.*bounce@example\.test/ }).waitFor();
    await page.getByRole('row', { name: /Test mail sent.*bounce@example\.test/ }).waitFor();
    expect(problems).toEqual([]);
  });
});
